import { message } from "~/i18n/catalogue";
import { OrganizationMember } from "@db/entities/organization-member";
import { User } from "@db/entities/user";
import { withOrganization } from "~/utils/db.server";
import { assignableRoles, type Role } from "~/lib/permissions";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { DomainRefusal } from "~/utils/refusal.server";
import { lockOwners } from "./lock-owners.server";

/** Removes a member (or lets a member leave); never the last owner. */
export async function removeMember(actor: AuditActor & { role: Role }, input: { memberId: string }) {
  return withOrganization(actor.organizationId, async (db) => {
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
      throw new DomainRefusal(message("members.rule.lastOwner"));
    }
    recordAudit(db, actor, {
      action: leaving ? "member.left" : "member.removed",
      resourceType: "organization_member",
      resourceId: membership.id,
      changes: { before: { userId: membership.user, role: membership.role }, after: null },
    });
    db.remove(membership);
    // Teammates' boards drop the person, and the removed member's open streams close on every web node.
    const actorUser = await db.findOneOrFail(User, { id: actor.userId }, { fields: ["fullName"] });
    await recordEvent(db, actor.organizationId, {
      type: "member.removed",
      data: { userId: membership.user },
      actor: { id: actor.userId, name: actorUser.fullName },
    });
    return { left: leaving };
  });
}
