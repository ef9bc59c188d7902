import { OrganizationMember } from "@db/entities/organization-member";
import { User } from "@db/entities/user";
import { UserSession } from "@db/entities/user-session";
import { message } from "~/i18n/catalogue";
import { now } from "~/utils/clock.server";
import { withOrganization, withUser } from "~/utils/db.server";
import { findUserMemberships } from "~/utils/membership.server";
import { verifyPassword } from "~/utils/password.server";
import { DomainRefusal, rateLimited } from "~/utils/refusal.server";
import type { RequestMeta } from "~/utils/request.server";
import { findLoginUser } from "~/modules/auth/find-login-user.server";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { lockOwners } from "~/modules/members/lock-owners.server";
import { hitRateLimits, refundRateLimits } from "~/modules/rate-limits/hit-rate-limits.server";
import { RATE_LIMITS } from "~/modules/rate-limits/policies";
import { endSessionStreams } from "~/modules/realtime/end-session-streams.server";
import { recordEvent } from "~/modules/realtime/record-event.server";

/** An address nobody can receive at or sign up with again (`.invalid` is reserved), unique per account. */
const removedEmail = (userId: string) => `removido+${userId}@usuarios.invalid`;

/** The active organizations this person alone owns: deleting the account would leave them without an owner. */
async function soleOwnerships(userId: string) {
  const owned = (await findUserMemberships(userId)).filter((membership) => membership.role === "owner" && !membership.deletedAt);
  const sole: string[] = [];
  for (const organization of owned) {
    const owners = await withOrganization(organization.id, (db) => db.count(OrganizationMember, { organization: organization.id, role: "owner" }));
    if (owners <= 1) sole.push(organization.name);
  }
  return sole;
}

/** Leaves one organization for good: audited as the person, their leads unassigned, their streams there closed. */
async function leaveOrganization(userId: string, organizationId: string, deleted: boolean, meta: RequestMeta) {
  await withOrganization(organizationId, async (db) => {
    const { owners, actorRole } = await lockOwners(db, userId);
    if (!actorRole) return;
    // Checked again under the lock: another owner may have left since the check the person was shown.
    if (!deleted && actorRole === "owner" && owners <= 1) throw new DomainRefusal(message("account.delete.rule.soleOwnerChanged"));
    recordAudit(db, { organizationId, userId, meta }, { action: "user.deleted", resourceType: "user", resourceId: userId, changes: { before: { role: actorRole }, after: null } });
    await db.execute(`update leads set assignee_id = null where organization_id = ? and assignee_id = ?`, [organizationId, userId]);
    await db.nativeDelete(OrganizationMember, { organization: organizationId, user: userId });
    if (!deleted) await recordEvent(db, organizationId, { type: "member.removed", data: { userId }, actor: null });
  });
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

  for (const membership of await findUserMemberships(input.userId)) {
    await leaveOrganization(input.userId, membership.id, membership.deletedAt !== null, input.meta);
  }
  const sessionIds = await withUser(input.userId, async (db) => {
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
