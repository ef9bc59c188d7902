import { OrganizationInvite } from "@db/entities/organization-invite";
import { withOrganization } from "~/utils/db.server";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";

export async function revokeInvite(actor: AuditActor, input: { inviteId: string }) {
  return withOrganization(actor.organizationId, async (db) => {
    const invite = await db.findOne(OrganizationInvite, { id: input.inviteId, status: "pending" });
    if (!invite) return null;
    invite.status = "revoked";
    recordAudit(db, actor, {
      action: "invite.revoked",
      resourceType: "organization_invite",
      resourceId: invite.id,
      changes: { before: { status: "pending" }, after: { status: "revoked" } },
    });
    return invite;
  });
}
