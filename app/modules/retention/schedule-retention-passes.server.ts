import { enqueueJob } from "~/modules/jobs/enqueue-job.server";
import { retentionRunOrganizationJob } from "~/modules/jobs/definitions/retention__run_organization.server";
import { executeWithoutTenant, withOrganization } from "~/utils/db.server";

/**
 * The nightly fan-out: one retention job per organization (the narrow
 * cross-tenant `list_organization_ids`), each queued in that organization's
 * scope. The job key makes a second fan-out, or an owner's run already
 * queued, one job rather than two. Returns how many organizations it covered.
 */
export async function scheduleRetentionPasses() {
  const organizations = await executeWithoutTenant<{ id: string }>(`select id from list_organization_ids() as id`);
  for (const { id } of organizations) {
    await withOrganization(id, (db) => enqueueJob(db, retentionRunOrganizationJob, { organizationId: id, trigger: "schedule", requestedBy: null }));
  }
  return organizations.length;
}
