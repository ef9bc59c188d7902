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
  // The token policy only lets us read the invitation; its organization, and
  // writing it (and the membership), open up once the transaction is scoped to it.
  await setOrganization(db, invite.organization);
  const organization = await db.findOneOrFail(Organization, { id: invite.organization });
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
    // Other accounts are out of sight: a taken e-mail shows up as the unique index's refusal.
    const userId = randomUUID();
    await setUser(db, userId);
    const user = db.create(User, { id: userId, email: invite.email, fullName: input.fullName, passwordHash, emailVerified: true });
    try {
      await db.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new MembershipRuleError(message("invite.emailTaken"));
      throw error;
    }
    return { userId: user.id, ...(await turnIntoMembership(db, invite, user.id, input.meta)) };
  });
}
