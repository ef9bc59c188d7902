import { sessionPurgeExpiredJob } from "~/modules/jobs/definitions/session__purge_expired.server";
import { executeWithoutTenant } from "~/utils/db.server";
import { defineTask } from "../define-task";

/** Hourly: drops expired sessions and rate-limit counters whose window has passed. */
export const sessionPurgeExpired = defineTask(sessionPurgeExpiredJob, async (_payload, helpers) => {
  // Everyone's sessions are out of the app role's sight: the definer function does this one cross-user delete.
  const [{ sessions }] = await executeWithoutTenant<{ sessions: number }>("select purge_expired_user_sessions() as sessions");
  const [{ counters }] = await executeWithoutTenant<{ counters: number }>("select rate_limits.purge() as counters");
  helpers.logger.info(`purged ${sessions} expired session(s) and ${counters} expired rate-limit counter(s)`);
});
