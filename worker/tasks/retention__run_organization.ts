import { retentionRunOrganizationJob } from "~/modules/jobs/definitions/retention__run_organization.server";
import { runRetentionPass } from "~/modules/retention/run-retention-pass.server";
import { defineTask } from "../define-task";

/** One organization's retention pass; a retry resumes the run a failed attempt left. */
export const retentionRunOrganization = defineTask(retentionRunOrganizationJob, async (payload, helpers) => {
  const { counts } = await runRetentionPass(payload);
  helpers.logger.info(`retention pass done: ${JSON.stringify(counts)}`);
});
