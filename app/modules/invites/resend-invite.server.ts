import { OrganizationInvite } from "@db/entities/organization-invite";
import { withOrganization } from "~/utils/db.server";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";
import { INVITE_TTL_MS } from "./invite-token.server";
import { enqueueInviteEmail } from "./enqueue-invite-email.server";
import { limitInvitesSent } from "./limit-invites-sent.server";

/** Sends the same link again and gives it a fresh seven days. */
export async function resendInvite(actor: AuditActor, input: { inviteId: string }) {
  await limitInvitesSent(actor.organizationId);
  return withOrganization(actor.organizationId, async (db) => {
    const invite = await db.findOne(OrganizationInvite, { id: input.inviteId, status: "pending" });
    if (!invite) return null;
    const before = { expiresAt: invite.expiresAt.toISOString(), sentCount: invite.sentCount };
    const now = new Date();
    invite.expiresAt = new Date(now.getTime() + INVITE_TTL_MS);
    invite.sentCount += 1;
    invite.lastSentAt = now;
    recordAudit(db, actor, {
      action: "invite.resent",
      resourceType: "organization_invite",
      resourceId: invite.id,
      changes: { before, after: { expiresAt: invite.expiresAt.toISOString(), sentCount: invite.sentCount } },
    });
    await db.flush();
    await enqueueInviteEmail(db, invite);
    return invite;
  });
}
