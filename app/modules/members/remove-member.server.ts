import { message } from "~/i18n/catalogue";
import { OrganizationMember } from "@db/entities/organization-member";
import { User } from "@db/entities/user";
import { withOrganization, type Db } from "~/utils/db.server";
import { assignableRoles, type Role } from "~/lib/permissions";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";
import { unassignMemberLeads } from "~/modules/leads/unassign-member-leads.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { DomainRefusal } from "~/utils/refusal.server";
import { lockOwners } from "./lock-owners.server";

/**
 * Removes a member (or lets a member leave); never the last owner. Their
 * leads are left unassigned. Account deletion makes the person leave every
 * organization inside its own transaction (`db`, already scoped to this
 * organization): audited as `user.deleted`, with no name on the events.
 */
export async function removeMember(
  actor: AuditActor & { role: Role },
  input: { memberId: string },
  options: { db?: Db; accountDeleted?: boolean } = {},
) {
  const remove = async (db: Db) => {
    const { owners, actorRole } = await lockOwners(db, actor.userId);
    if (!actorRole) return null;
    const membership = await db.findOne(OrganizationMember, { id: input.memberId });
    if (!membership) return null;
    const leaving = membership.user === actor.userId;
    // The request was authorized for the role the actor had then; a concurrent change of it wins.
    if (!leaving && actorRole !== actor.role) throw new DomainRefusal(message("members.rule.actorRoleChanged"));
    if (!leaving && !assignableRoles(actorRole).includes(membership.role)) {
      throw new DomainRefusal(message("members.rule.ownersOnlyRemove"));
    }
    if (membership.role === "owner" && owners <= 1) {
      // Checked again under the lock: another owner may have left since the account page was shown.
      throw new DomainRefusal(message(options.accountDeleted ? "account.delete.rule.soleOwnerChanged" : "members.rule.lastOwner"));
    }
    if (options.accountDeleted) {
      recordAudit(db, actor, { action: "user.deleted", resourceType: "user", resourceId: actor.userId, changes: { before: { role: membership.role }, after: null } });
    } else {
      recordAudit(db, actor, {
        action: leaving ? "member.left" : "member.removed",
        resourceType: "organization_member",
        resourceId: membership.id,
        changes: { before: { userId: membership.user, role: membership.role }, after: null },
      });
    }
    db.remove(membership);
    const eventActor = options.accountDeleted
      ? null
      : { id: actor.userId, name: (await db.findOneOrFail(User, { id: actor.userId }, { fields: ["fullName"] })).fullName };
    await unassignMemberLeads(db, actor.organizationId, membership.user, eventActor);
    // Teammates' boards drop the person, and the removed member's open streams close on every web node.
    await recordEvent(db, actor.organizationId, { type: "member.removed", data: { userId: membership.user }, actor: eventActor });
    return { left: leaving };
  };
  return options.db ? remove(options.db) : withOrganization(actor.organizationId, remove);
}
