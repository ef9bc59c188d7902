import { retentionScheduleJob } from "~/modules/jobs/definitions/retention__schedule.server";
import { scheduleRetentionPasses } from "~/modules/retention/schedule-retention-passes.server";
import { defineTask } from "../define-task";

/** Nightly: one retention pass queued per organization. */
export const retentionSchedule = defineTask(retentionScheduleJob, async (_payload, helpers) => {
  const organizations = await scheduleRetentionPasses();
  helpers.logger.info(`queued retention for ${organizations} organization(s)`);
});
