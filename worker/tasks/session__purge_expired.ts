import type { Task } from "graphile-worker";
import { LoginFailure } from "@db/entities/login-failure";
import { UserSession } from "@db/entities/user-session";
import { withoutTenant } from "~/utils/db.server";
import { LOGIN_WINDOW_MS } from "~/modules/auth/verify-login.server";

/** Hourly: drops expired sessions and login failures older than the rate-limit window. */
export const sessionPurgeExpired: Task = async (_payload, helpers) => {
  const now = Date.now();
  const { sessions, failures } = await withoutTenant(async (db) => ({
    sessions: await db.nativeDelete(UserSession, { expiresAt: { $lte: new Date(now) } }),
    failures: await db.nativeDelete(LoginFailure, { createdAt: { $lte: new Date(now - LOGIN_WINDOW_MS) } }),
  }));
  helpers.logger.info(`purged ${sessions} expired session(s) and ${failures} old login failure(s)`);
};
