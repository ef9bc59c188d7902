import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { currentOrganizationId, currentUserId, schemaOwnerPolicy } from "./tenant";

/**
 * Global: a person may belong to several organizations through memberships.
 * The app role sees the signed-in user's own row and the members of the
 * current organization, never `password_hash` (no column privilege: login
 * reads it through `find_login_user`).
 */
export const User = defineEntity({
  name: "User",
  tableName: "users",
  rowLevelSecurity: "force",
  policies: [
    { name: "user_sees_self", using: `id = ${currentUserId}`, check: `id = ${currentUserId}` },
    {
      name: "user_sees_organization_members",
      command: "select",
      using: `exists (select 1 from organization_members m where m.user_id = users.id and m.organization_id = ${currentOrganizationId})`,
    },
    schemaOwnerPolicy("users"),
  ],
  properties: {
    id: p.uuid().primary(),
    email: p.string().length(254).unique(),
    /** Lazy: never in a default select, since the app role has no privilege on the column. */
    passwordHash: p.string().length(255).hidden().lazy(),
    fullName: p.string().length(120),
    phone: p.string().length(20).nullable(),
    /** The interface language the user chose (the header's language switch); null: follow the browser. */
    locale: p.enum(["pt-BR", "en"] as const).nullable(),
    timeZone: p.string().length(64).default("America/Sao_Paulo"),
    isActive: p.boolean().default(true),
    emailVerified: p.boolean().default(false),
    lastLoginAt: p.datetime().nullable(),
    /** The person deleted their account: the row stays, emptied, so entries they wrote show "usuário removido". */
    deletedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type User = InferEntity<typeof User>;
