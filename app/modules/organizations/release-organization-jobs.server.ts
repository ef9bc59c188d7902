import { withOrganization } from "~/utils/db.server";

/**
 * Moves a restored organization's deferred jobs to now, outside a restore
 * (which releases them in its own transaction): the worker's second look
 * after deferring a job, since a restore that committed between its check and
 * the deferred copy could not see the copy. The database function does
 * nothing while the organization is still deleted.
 */
export async function releaseOrganizationJobs(organizationId: string) {
  await withOrganization(organizationId, (db) => db.execute(`select release_organization_jobs(?)`, [organizationId]));
}
