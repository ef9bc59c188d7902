import { randomUUID } from "node:crypto";
import { LoginFailure } from "@db/entities/login-failure";
import { withoutTenant } from "~/utils/db.server";
import { verifyDecoyPassword, verifyPassword } from "~/utils/password.server";

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 30;

/** A refused login; the page words it from `reason` in the reader's language. */
export class LoginError extends Error {
  constructor(readonly reason: "invalid" | "rate_limited") {
    super(reason === "invalid" ? "invalid e-mail or password" : "too many login attempts");
  }
}

/**
 * Checks an e-mail and password. Failures are counted per account and per IP
 * over a sliding window; past the limit every attempt is refused, right
 * password or not, until the window moves on.
 */
export async function verifyLogin(input: { email: string; password: string; ipAddress: string }) {
  const email = input.email.trim().toLowerCase();
  const user = await withoutTenant(async (db) => {
    const since = new Date(Date.now() - LOGIN_WINDOW_MS);
    const [accountFailures, ipFailures] = await Promise.all([
      db.count(LoginFailure, { email, createdAt: { $gt: since } }),
      db.count(LoginFailure, { ipAddress: input.ipAddress, createdAt: { $gt: since } }),
    ]);
    if (accountFailures >= MAX_FAILURES_PER_ACCOUNT || ipFailures >= MAX_FAILURES_PER_IP) {
      throw new LoginError("rate_limited");
    }
    // The one account with exactly this e-mail, hash included: the app role cannot read users.password_hash itself.
    const [user] = await db.execute<{ id: string; email: string; fullName: string; passwordHash: string }[]>(
      `select id, email, full_name as "fullName", password_hash as "passwordHash" from find_login_user(?)`,
      [email],
    );
    const valid = user ? await verifyPassword(user.passwordHash, input.password) : await verifyDecoyPassword(input.password);
    if (!user || !valid) {
      // Returned, not thrown: throwing here would roll the failure back with the transaction.
      db.create(LoginFailure, { id: randomUUID(), email, ipAddress: input.ipAddress });
      await db.flush();
      return null;
    }
    await db.nativeDelete(LoginFailure, { email });
    return { id: user.id, email: user.email, fullName: user.fullName };
  });
  if (!user) throw new LoginError("invalid");
  return user;
}
