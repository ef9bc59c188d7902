import { organizationPurgeDeletedJob } from "~/modules/jobs/definitions/organization__purge_deleted.server";
import { purgeDeletedOrganizations } from "~/modules/organizations/purge-deleted-organizations.server";
import { defineTask } from "../define-task";

/** Hourly: deleted organizations past their grace period go, with every row and object; one that fails does not hold the others back. */
export const organizationPurgeDeleted = defineTask(organizationPurgeDeletedJob, async (_payload, helpers) => {
  const { organizations, objects, failed } = await purgeDeletedOrganizations();
  if (organizations) helpers.logger.info(`purged ${organizations} deleted organization(s) and ${objects} object(s)`);
  for (const { organizationId, reason } of failed) helpers.logger.error(`organization ${organizationId} was not purged: ${reason}`);
  if (failed.length) throw new Error(`${failed.length} deleted organization(s) were not purged`);
});
