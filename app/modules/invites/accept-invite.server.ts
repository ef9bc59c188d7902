import { message } from "~/i18n/catalogue";
import { randomUUID } from "node:crypto";
import { OrganizationInvite } from "@db/entities/organization-invite";
import { OrganizationMember } from "@db/entities/organization-member";
import { Organization } from "@db/entities/organization";
import { User } from "@db/entities/user";
import { setOrganization, withInviteToken, type Db } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";
import type { RequestMeta } from "~/utils/request.server";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { MembershipRuleError } from "~/modules/members/errors";
import { inviteTokenHash } from "./invite-token.server";

async function findPendingInvite(db: Db, tokenHash: string) {
  const invite = await db.findOne(OrganizationInvite, { tokenHash });
  if (!invite) return null;
  if (invite.status !== "pending") throw new MembershipRuleError(message("invite.notAvailable"));
  if (invite.expiresAt.getTime() <= Date.now()) {
    throw new MembershipRuleError(message("invite.expired"));
  }
  return invite;
}

async function turnIntoMembership(db: Db, invite: OrganizationInvite, userId: string, meta: RequestMeta) {
  const organization = await db.findOneOrFail(Organization, { id: invite.organization });
  // The token policy only lets us read the invitation; writing it (and the
  // membership) passes because the transaction is now scoped to its organization.
  await setOrganization(db, invite.organization);
  const existing = await db.findOne(OrganizationMember, { user: userId });
  if (!existing) {
    db.create(OrganizationMember, { id: randomUUID(), organization: invite.organization, user: userId, role: invite.role });
  }
  invite.status = "accepted";
  invite.acceptedAt = new Date();
  invite.acceptedBy = userId;
  recordAudit(
    db,
    { organizationId: invite.organization, userId, meta },
    {
      action: "invite.accepted",
      resourceType: "organization_invite",
      resourceId: invite.id,
      changes: { before: { status: "pending" }, after: { status: "accepted", role: invite.role, alreadyMember: Boolean(existing) } },
    },
  );
  return { slug: organization.slug };
}

/** A signed-in user accepts: returns the organization's slug, or null for an unknown token. */
export async function acceptInvite(input: { token: string; userId: string; meta: RequestMeta }) {
  const tokenHash = inviteTokenHash(input.token);
  return withInviteToken(tokenHash, async (db) => {
    const invite = await findPendingInvite(db, tokenHash);
    return invite ? turnIntoMembership(db, invite, input.userId, input.meta) : null;
  });
}

/** Someone without an account accepts: the account (for the invited e-mail) and the membership in one transaction. */
export async function acceptInviteAsNewUser(input: { token: string; fullName: string; password: string; meta: RequestMeta }) {
  const tokenHash = inviteTokenHash(input.token);
  const passwordHash = await hashPassword(input.password);
  return withInviteToken(tokenHash, async (db) => {
    const invite = await findPendingInvite(db, tokenHash);
    if (!invite) return null;
    if (await db.count(User, { email: invite.email })) {
      throw new MembershipRuleError(message("invite.emailTaken"));
    }
    const user = db.create(User, { id: randomUUID(), email: invite.email, fullName: input.fullName, passwordHash, emailVerified: true });
    await db.flush();
    return { userId: user.id, ...(await turnIntoMembership(db, invite, user.id, input.meta)) };
  });
}
