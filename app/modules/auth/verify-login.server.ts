import { message } from "~/i18n/catalogue";
import { verifyDecoyPassword, verifyPassword } from "~/utils/password.server";
import { DomainRefusal, rateLimited } from "~/utils/refusal.server";
import { clearRateLimits, hitRateLimits, refundRateLimits, type RateLimitBucket } from "~/modules/rate-limits/hit-rate-limits.server";
import { addressSubject } from "~/modules/rate-limits/address-subject";
import { RATE_LIMITS } from "~/modules/rate-limits/policies";
import { findLoginUser } from "./find-login-user.server";

/**
 * Narrowest first: a stranger hammering one account from one address is
 * stopped by the first bucket and never reaches the account-wide one, so
 * cannot lock the owner out of their own address.
 */
function loginBuckets(email: string, ipAddress: string): RateLimitBucket[] {
  const address = addressSubject(ipAddress);
  return [
    { policy: RATE_LIMITS.loginAccountAddress, subject: `${email}\u0000${address}` },
    { policy: RATE_LIMITS.loginAddress, subject: address },
    { policy: RATE_LIMITS.loginAccount, subject: email },
  ];
}

/**
 * Checks an e-mail and password. Every attempt takes a hit in the failure
 * buckets before the password is checked (so parallel guesses cannot all slip
 * in before the first failure is counted); a successful login gives the hit
 * back and forgets this address's failures for the account. Refuses with 429
 * (over a limit) or 401 (wrong e-mail or password).
 */
export async function verifyLogin(input: { email: string; password: string; ipAddress: string }) {
  const email = input.email.trim().toLowerCase();
  const buckets = loginBuckets(email, input.ipAddress);
  const verdict = await hitRateLimits(buckets);
  if (!verdict.allowed) throw rateLimited(verdict.retryAfterSeconds, "auth.login.rateLimited");
  let user: Awaited<ReturnType<typeof findLoginUser>>;
  let valid: boolean;
  try {
    user = await findLoginUser(email);
    valid = user ? await verifyPassword(user.passwordHash, input.password) : await verifyDecoyPassword(input.password);
  } catch (error) {
    // Not a failed guess (busy server, database down): the attempt does not count.
    await refundRateLimits(buckets);
    throw error;
  }
  if (!user || !valid) throw new DomainRefusal(message("auth.login.invalid"), { status: 401 });
  await Promise.all([clearRateLimits(buckets.slice(0, 1)), refundRateLimits(buckets.slice(1))]);
  return { id: user.id, email: user.email, fullName: user.fullName };
}
