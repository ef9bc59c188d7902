import { organizationPurgeDeletedJob } from "~/modules/jobs/definitions/organization__purge_deleted.server";
import { purgeDeletedOrganizations } from "~/modules/organizations/purge-deleted-organizations.server";
import { defineTask } from "../define-task";

/** Hourly: deleted organizations past their grace period go, with every row and object. */
export const organizationPurgeDeleted = defineTask(organizationPurgeDeletedJob, async (_payload, helpers) => {
  const { organizations, objects } = await purgeDeletedOrganizations();
  if (organizations) helpers.logger.info(`purged ${organizations} deleted organization(s) and ${objects} object(s)`);
});
