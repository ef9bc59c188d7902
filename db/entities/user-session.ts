import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { User } from "./user";
import { currentUserId, schemaOwnerPolicy } from "./tenant";

/**
 * Server-side sessions. The cookie carries a random token; only its SHA-256 is
 * stored, so a leaked table cannot be replayed as cookies. The app role sees
 * the signed-in user's own sessions; a request's cookie is resolved through
 * `find_user_session` (by exact token hash).
 */
export const UserSession = defineEntity({
  name: "UserSession",
  tableName: "user_sessions",
  rowLevelSecurity: "force",
  policies: [
    { name: "session_of_current_user", using: `user_id = ${currentUserId}`, check: `user_id = ${currentUserId}` },
    schemaOwnerPolicy("user_sessions"),
  ],
  properties: {
    id: p.uuid().primary(),
    tokenHash: p.string().length(64).unique(),
    user: p.manyToOne(User).mapToPk().deleteRule("cascade"),
    ipAddress: p.string().length(64).nullable(),
    userAgent: p.text().nullable(),
    expiresAt: p.datetime().index(),
    lastActivityAt: p.datetime(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ["user"] }],
});
export type UserSession = InferEntity<typeof UserSession>;
