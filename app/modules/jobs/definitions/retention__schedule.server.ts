import { z } from "zod";
import { defineJob } from "../define-job.server";

/** Nightly (worker/crontab): queues one retention pass per organization. */
export const retentionScheduleJob = defineJob({
  name: "retention__schedule",
  payload: z.object({}),
});
