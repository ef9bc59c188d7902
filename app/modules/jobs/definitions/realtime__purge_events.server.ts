import { z } from "zod";
import { defineJob } from "../define-job.server";

/** Drops realtime events past the replay window, organization by organization (cron, worker/crontab). */
export const realtimePurgeEventsJob = defineJob({
  name: "realtime__purge_events",
  payload: z.object({}),
});
