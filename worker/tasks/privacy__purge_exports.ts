import { privacyPurgeExportsJob } from "~/modules/jobs/definitions/privacy__purge_exports.server";
import { purgeExpiredExports } from "~/modules/privacy/export/purge-expired-exports.server";
import { defineTask } from "../define-task";

/** Hourly: export archives past their 7 days leave the bucket and the database. */
export const privacyPurgeExports = defineTask(privacyPurgeExportsJob, async (_payload, helpers) => {
  const { organizations, purged } = await purgeExpiredExports();
  helpers.logger.info(`purged ${purged} expired export archive(s) across ${organizations} organization(s)`);
});
