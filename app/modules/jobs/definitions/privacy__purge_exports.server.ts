import { z } from "zod";
import { defineJob } from "../define-job.server";

/** Deletes data-subject export archives past their 7 days, organization by organization (cron, worker/crontab). */
export const privacyPurgeExportsJob = defineJob({
  name: "privacy__purge_exports",
  payload: z.object({}),
});
