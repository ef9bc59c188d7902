import { message } from "~/i18n/catalogue";
import { OrganizationMember } from "@db/entities/organization-member";
import { withOrganization } from "~/utils/db.server";
import { assignableRoles, type Role } from "~/lib/permissions";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";
import { DomainRefusal } from "~/utils/refusal.server";
import { lockOwners } from "./lock-owners.server";

/**
 * Admins manage members up to their own rank; only owners touch owners; the
 * last owner cannot be demoted.
 */
export async function changeMemberRole(actor: AuditActor & { role: Role }, input: { memberId: string; role: Role }) {
  return withOrganization(actor.organizationId, async (db) => {
    const { owners, actorRole } = await lockOwners(db, actor.userId);
    if (!actorRole) return null;
    // The request was authorized for the role the actor had then; a concurrent change of it wins.
    if (actorRole !== actor.role) throw new DomainRefusal(message("members.rule.actorRoleChanged"));
    const membership = await db.findOne(OrganizationMember, { id: input.memberId });
    if (!membership) return null;
    const allowed = assignableRoles(actorRole);
    if (!allowed.includes(membership.role) || !allowed.includes(input.role)) {
      throw new DomainRefusal(message("members.rule.ownersOnlyRole"));
    }
    if (membership.role === input.role) return membership;
    if (membership.role === "owner" && owners <= 1) {
      throw new DomainRefusal(message("members.rule.needsOwner"));
    }
    const before = membership.role;
    membership.role = input.role;
    recordAudit(db, actor, {
      action: "member.role_changed",
      resourceType: "organization_member",
      resourceId: membership.id,
      changes: { before: { role: before }, after: { role: input.role } },
    });
    return membership;
  });
}
