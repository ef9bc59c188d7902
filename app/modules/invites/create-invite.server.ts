import { message } from "~/i18n/catalogue";
import { randomUUID } from "node:crypto";
import { OrganizationInvite } from "@db/entities/organization-invite";
import { OrganizationMember } from "@db/entities/organization-member";
import { User } from "@db/entities/user";
import { withOrganization } from "~/utils/db.server";
import { assignableRoles, type Role } from "~/lib/permissions";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";
import { DomainRefusal } from "~/utils/refusal.server";
import { INVITE_TTL_MS, inviteTokenFor, inviteTokenHash } from "./invite-token.server";
import { enqueueInviteEmail } from "./enqueue-invite-email.server";
import { limitInvitesSent } from "./limit-invites-sent.server";

/**
 * Invites an e-mail with a role. A pending invitation for the same e-mail is
 * updated and sent again rather than duplicated.
 */
export async function createInvite(actor: AuditActor & { role: Role }, input: { email: string; role: Role }) {
  if (!assignableRoles(actor.role).includes(input.role)) {
    throw new DomainRefusal(message("members.rule.inviteAbove"));
  }
  await limitInvitesSent(actor.organizationId);
  return withOrganization(actor.organizationId, async (db) => {
    const existingUser = await db.findOne(User, { email: input.email });
    if (existingUser && (await db.count(OrganizationMember, { user: existingUser.id }))) {
      throw new DomainRefusal(message("members.rule.alreadyMember"));
    }
    const now = new Date();
    let invite = await db.findOne(OrganizationInvite, { email: input.email, status: "pending" });
    const before = invite ? { role: invite.role, expiresAt: invite.expiresAt.toISOString() } : null;
    if (invite) {
      invite.role = input.role;
      invite.expiresAt = new Date(now.getTime() + INVITE_TTL_MS);
    } else {
      const id = randomUUID();
      invite = db.create(OrganizationInvite, {
        id,
        organization: actor.organizationId,
        invitedBy: actor.userId,
        email: input.email,
        role: input.role,
        tokenHash: inviteTokenHash(inviteTokenFor(id)),
        expiresAt: new Date(now.getTime() + INVITE_TTL_MS),
      });
    }
    invite.sentCount += 1;
    invite.lastSentAt = now;
    recordAudit(db, actor, {
      action: before ? "invite.resent" : "invite.created",
      resourceType: "organization_invite",
      resourceId: invite.id,
      changes: { before, after: { email: invite.email, role: invite.role, expiresAt: invite.expiresAt.toISOString() } },
    });
    await db.flush();
    await enqueueInviteEmail(db, invite);
    return invite;
  });
}
