import { z } from "zod";
import { defineJob } from "../define-job.server";

/** Drops expired sessions and rate-limit counters whose window has passed (cron, worker/crontab). */
export const sessionPurgeExpiredJob = defineJob({
  name: "session__purge_expired",
  payload: z.object({}),
});
