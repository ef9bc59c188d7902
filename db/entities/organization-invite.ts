import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { ROLES } from "../../app/lib/permissions";
import { Organization } from "./organization";
import { User } from "./user";
import { INVITE_TOKEN_SETTING, tenantIsolation } from "./tenant";

export const INVITE_STATUSES = ["pending", "accepted", "revoked"] as const;

export const OrganizationInvite = defineEntity({
  name: "OrganizationInvite",
  tableName: "organization_invites",
  ...tenantIsolation([
    // Whoever holds an invitation link may read that one invitation (and learn
    // its organization) before belonging to it; nothing else is visible.
    {
      name: "invite_visible_by_token",
      command: "select",
      using: `token_hash = nullif(current_setting('${INVITE_TOKEN_SETTING}', true), '')`,
    },
  ]),
  properties: {
    id: p.uuid().primary(),
    organization: p.manyToOne(Organization).mapToPk().deleteRule("cascade"),
    invitedBy: p.manyToOne(User).mapToPk().nullable().deleteRule("set null"),
    email: p.string().length(254),
    role: p.enum(ROLES),
    status: p.enum(INVITE_STATUSES).default("pending"),
    tokenHash: p.string().length(64).unique(),
    expiresAt: p.datetime(),
    sentCount: p.integer().default(0),
    lastSentAt: p.datetime().nullable(),
    acceptedAt: p.datetime().nullable(),
    acceptedBy: p.manyToOne(User).mapToPk().nullable().deleteRule("set null"),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  indexes: [{ properties: ["organization", "status"] }, { properties: ["email"] }],
});
export type OrganizationInvite = InferEntity<typeof OrganizationInvite>;
