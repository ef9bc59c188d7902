import { z } from "zod";
import { defineJob } from "../define-job.server";

/** Purges organizations whose 30-day grace period after deletion is over, with their files (cron, worker/crontab). */
export const organizationPurgeDeletedJob = defineJob({
  name: "organization__purge_deleted",
  payload: z.object({}),
});
