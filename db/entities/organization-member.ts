import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { ROLES } from "../../app/lib/permissions";
import { Organization } from "./organization";
import { User } from "./user";
import { currentUserId, tenantIsolation } from "./tenant";

export const OrganizationMember = defineEntity({
  name: "OrganizationMember",
  tableName: "organization_members",
  ...tenantIsolation([
    // A user's own memberships across organizations, before any organization is
    // chosen: what `find_user_memberships` (the /o/:slug guard, the switcher) and the
    // organizations' `organization_of_current_user` policy read through. Read-only.
    { name: "member_sees_own_memberships", command: "select", using: `user_id = ${currentUserId}` },
  ]),
  properties: {
    id: p.uuid().primary(),
    organization: p.manyToOne(Organization).mapToPk().deleteRule("cascade"),
    user: p.manyToOne(User).mapToPk().deleteRule("cascade"),
    role: p.enum(ROLES).default("member"),
    joinedAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  uniques: [{ properties: ["organization", "user"] }],
  indexes: [{ properties: ["user"] }],
});
export type OrganizationMember = InferEntity<typeof OrganizationMember>;
