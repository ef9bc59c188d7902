import type { Task } from "graphile-worker";
import { UserSession } from "@db/entities/user-session";
import { executeWithoutTenant, withoutTenant } from "~/utils/db.server";

/** Hourly: drops expired sessions and rate-limit counters whose window has passed. */
export const sessionPurgeExpired: Task = async (_payload, helpers) => {
  const sessions = await withoutTenant((db) => db.nativeDelete(UserSession, { expiresAt: { $lte: new Date() } }));
  const [{ counters }] = await executeWithoutTenant<{ counters: number }>("select rate_limits.purge() as counters");
  helpers.logger.info(`purged ${sessions} expired session(s) and ${counters} expired rate-limit counter(s)`);
};
