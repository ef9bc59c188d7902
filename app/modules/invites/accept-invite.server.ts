import { message } from "~/i18n/catalogue";
import { randomUUID } from "node:crypto";
import { UniqueConstraintViolationException } from "@mikro-orm/core";
import { OrganizationInvite } from "@db/entities/organization-invite";
import { OrganizationMember } from "@db/entities/organization-member";
import { Organization } from "@db/entities/organization";
import { User } from "@db/entities/user";
import { setOrganization, setUser, withInviteToken, type Db } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";
import type { RequestMeta } from "~/utils/request.server";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { DomainRefusal } from "~/utils/refusal.server";
import { enforceRateLimits } from "~/modules/rate-limits/hit-rate-limits.server";
import { addressSubject } from "~/modules/rate-limits/address-subject";
import { RATE_LIMITS } from "~/modules/rate-limits/policies";
import { inviteTokenHash } from "./invite-token.server";
import { maskEmail } from "./mask-email";

async function findPendingInvite(db: Db, tokenHash: string) {
  const invite = await db.findOne(OrganizationInvite, { tokenHash });
  if (!invite) return null;
  if (invite.status !== "pending") throw new DomainRefusal(message("invite.notAvailable"));
  if (invite.expiresAt.getTime() <= Date.now()) {
    throw new DomainRefusal(message("invite.expired"));
  }
  return invite;
}

/**
 * Locks the invitation row so that it is used once: a second acceptance
 * racing this one waits here, then finds it no longer pending. The token
 * policy only lets us read the invitation; locking and writing it (and the
 * membership) pass because the transaction is now scoped to its organization.
 */
async function claimInvite(db: Db, invite: OrganizationInvite) {
  await setOrganization(db, invite.organization);
  const [row] = await db.execute<Array<{ status: string }>>("select status from organization_invites where id = ? for update", [invite.id]);
  if (row?.status === "accepted") throw new DomainRefusal(message("invite.accepted"));
  if (row?.status !== "pending") throw new DomainRefusal(message("invite.notAvailable"));
}

async function turnIntoMembership(db: Db, invite: OrganizationInvite, userId: string, meta: RequestMeta) {
  const organization = await db.findOneOrFail(Organization, { id: invite.organization });
  // A deleted organization gains nobody during its grace period: a restore would otherwise bring them in with it.
  if (organization.deletedAt) throw new DomainRefusal(message("invite.notAvailable"));
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

/**
 * A signed-in user accepts: returns the organization's slug, or null for an
 * unknown token. Only the account of the invited e-mail may: a forwarded or
 * leaked link does not let someone else in.
 */
export async function acceptInvite(input: { token: string; user: { id: string; email: string }; meta: RequestMeta }) {
  const tokenHash = inviteTokenHash(input.token);
  return withInviteToken(tokenHash, async (db) => {
    const invite = await findPendingInvite(db, tokenHash);
    if (!invite) return null;
    if (invite.email.toLowerCase() !== input.user.email.toLowerCase()) {
      throw new DomainRefusal(message("invite.wrongAccount", { email: maskEmail(invite.email) }));
    }
    await claimInvite(db, invite);
    return turnIntoMembership(db, invite, input.user.id, input.meta);
  });
}

/**
 * Someone without an account accepts: the account (always for the invited
 * e-mail) and the membership in one transaction. Limited per address and per
 * link before the password is hashed.
 */
export async function acceptInviteAsNewUser(input: { token: string; fullName: string; password: string; meta: RequestMeta }) {
  const tokenHash = inviteTokenHash(input.token);
  // The address first: a refused address stops there and never writes a counter for each made-up token it tries.
  await enforceRateLimits([
    { policy: RATE_LIMITS.inviteRegistrationAddress, subject: addressSubject(input.meta.ipAddress) },
    { policy: RATE_LIMITS.inviteRegistrationToken, subject: tokenHash },
  ]);
  const passwordHash = await hashPassword(input.password);
  return withInviteToken(tokenHash, async (db) => {
    const invite = await findPendingInvite(db, tokenHash);
    if (!invite) return null;
    await claimInvite(db, invite);
    // Other accounts are out of sight: a taken e-mail shows up as the unique index's refusal.
    const userId = randomUUID();
    await setUser(db, userId);
    const user = db.create(User, { id: userId, email: invite.email, fullName: input.fullName, passwordHash, emailVerified: true });
    try {
      await db.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new DomainRefusal(message("invite.emailTaken"));
      throw error;
    }
    return { userId: user.id, ...(await turnIntoMembership(db, invite, user.id, input.meta)) };
  });
}
