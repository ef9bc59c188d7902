import { OrganizationMember } from "@db/entities/organization-member";
import { User } from "@db/entities/user";
import { UserSession } from "@db/entities/user-session";
import { message } from "~/i18n/catalogue";
import { now } from "~/utils/clock.server";
import { setOrganization, withOrganization, withUser, type Db } from "~/utils/db.server";
import { findUserMemberships } from "~/utils/membership.server";
import { verifyPassword } from "~/utils/password.server";
import { DomainRefusal, rateLimited } from "~/utils/refusal.server";
import type { RequestMeta } from "~/utils/request.server";
import { findLoginUser } from "~/modules/auth/find-login-user.server";
import { removeMember } from "~/modules/members/remove-member.server";
import { hitRateLimits, refundRateLimits } from "~/modules/rate-limits/hit-rate-limits.server";
import { RATE_LIMITS } from "~/modules/rate-limits/policies";
import { endSessionStreams } from "~/modules/realtime/end-session-streams.server";

/** An address nobody can receive at or sign up with again (`.invalid` is reserved), unique per account. */
const removedEmail = (userId: string) => `removido+${userId}@usuarios.invalid`;

/**
 * The organizations this person alone owns, deleted ones included: deleting
 * the account would leave them without an owner, and a deleted one could then
 * never be restored.
 */
async function soleOwnerships(userId: string) {
  const owned = (await findUserMemberships(userId)).filter((membership) => membership.role === "owner");
  const sole: string[] = [];
  for (const organization of owned) {
    const owners = await withOrganization(organization.id, (db) => db.count(OrganizationMember, { organization: organization.id, role: "owner" }));
    if (owners <= 1) sole.push(organization.name);
  }
  return sole;
}

/**
 * Leaves one organization for good, in the account deletion's transaction
 * (re-scoped to it): the member removal's rules and effects, and the person's
 * own phone number out of the calls they placed there.
 */
async function leaveOrganization(db: Db, userId: string, organizationId: string, meta: RequestMeta) {
  await setOrganization(db, organizationId);
  const membership = await db.findOne(OrganizationMember, { organization: organizationId, user: userId });
  if (!membership) return;
  await removeMember({ organizationId, userId, role: membership.role, meta }, { memberId: membership.id }, { db, accountDeleted: true });
  await db.execute(
    `update communications set metadata = jsonb_set(metadata, '{call,agentPhone}', 'null'::jsonb)
      where organization_id = ? and author_id = ? and metadata->'call'->>'agentPhone' is not null`,
    [organizationId, userId],
  );
  // Written before the scope moves to the next organization: row-level security checks each row against it.
  await db.flush();
}

/**
 * Deletes the signed-in person's account, with their password: refused while
 * they alone own an organization (named, so they know what to transfer or
 * delete). They leave every organization, every session ends (and its open
 * streams close), and the users row stays, emptied and unusable, so the
 * entries they wrote still point at someone ("usuário removido").
 */
export async function deleteAccount(input: { userId: string; email: string; password: string; meta: RequestMeta }) {
  // A wrong password here is a guess at the account's password like a failed login: it counts in login's account bucket.
  const buckets = [{ policy: RATE_LIMITS.loginAccount, subject: input.email }];
  const verdict = await hitRateLimits(buckets);
  if (!verdict.allowed) throw rateLimited(verdict.retryAfterSeconds, "auth.login.rateLimited");
  const login = await findLoginUser(input.email);
  if (!login || login.id !== input.userId || !(await verifyPassword(login.passwordHash, input.password))) {
    throw new DomainRefusal(message("account.delete.rule.wrongPassword"), { status: 422, field: "password" });
  }
  await refundRateLimits(buckets);
  const sole = await soleOwnerships(input.userId);
  if (sole.length) throw new DomainRefusal(message("account.delete.rule.soleOwner", { organizations: sole.join(", ") }));

  const memberships = await findUserMemberships(input.userId);
  // One transaction: a refusal in any organization leaves the account as it was, in all of them.
  const sessionIds = await withUser(input.userId, async (db) => {
    for (const membership of memberships) await leaveOrganization(db, input.userId, membership.id, input.meta);
    const sessions = await db.find(UserSession, { user: input.userId }, { fields: ["id"] });
    await db.nativeDelete(UserSession, { user: input.userId });
    await db.nativeUpdate(
      User,
      { id: input.userId },
      { fullName: "", email: removedEmail(input.userId), phone: null, passwordHash: "!", isActive: false, deletedAt: now() },
    );
    return sessions.map((session) => session.id);
  });
  for (const sessionId of sessionIds) endSessionStreams(sessionId);
}
