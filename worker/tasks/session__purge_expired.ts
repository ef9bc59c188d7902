import type { Task } from "graphile-worker";
import { LoginFailure } from "@db/entities/login-failure";
import { executeWithoutTenant, withoutTenant } from "~/utils/db.server";
import { LOGIN_WINDOW_MS } from "~/modules/auth/verify-login.server";

/** Hourly: drops expired sessions and login failures older than the rate-limit window. */
export const sessionPurgeExpired: Task = async (_payload, helpers) => {
  const now = Date.now();
  // Everyone's sessions are out of the app role's sight: the definer function does this one cross-user delete.
  const [{ sessions }] = await executeWithoutTenant<{ sessions: number }>(`select purge_expired_user_sessions() as sessions`);
  const failures = await withoutTenant((db) =>
    db.nativeDelete(LoginFailure, { createdAt: { $lte: new Date(now - LOGIN_WINDOW_MS) } }),
  );
  helpers.logger.info(`purged ${sessions} expired session(s) and ${failures} old login failure(s)`);
};
