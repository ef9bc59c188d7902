import { now } from "~/utils/clock.server";
import { executeWithoutTenant, withOrganization } from "~/utils/db.server";
import { deleteObjectsUnder } from "~/modules/files/delete-objects-under.server";

/**
 * Claims the organization for the purge under its row lock, where it is
 * still deleted and due: from the commit on a restore is refused. An
 * organization already claimed stays claimed, so a crashed purge resumes.
 */
async function claimForPurge(organizationId: string, at: Date) {
  const claimed = await withOrganization(organizationId, (db) =>
    db.execute<Array<{ id: string }>>(
      `update organizations set purging_at = coalesce(purging_at, ?)
        where id = ? and deleted_at is not null and purge_after <= ? returning id`,
      [at, organizationId, at],
    ),
  );
  return claimed.length > 0;
}

/** One organization entirely: its objects in the bucket first, then its kept jobs, then its row (every table's rows go with it through `on delete cascade`). */
async function purgeOrganization(organizationId: string, at: Date) {
  if (!(await claimForPurge(organizationId, at))) return 0;
  const objects = await deleteObjectsUnder(`org/${organizationId}/`);
  await executeWithoutTenant(`select delete_organization_jobs(?)`, [organizationId]);
  await withOrganization(organizationId, (db) => db.execute(`delete from organizations where id = ? and purging_at is not null`, [organizationId]));
  return objects;
}

/**
 * Removes the organizations whose grace period is over. Each step only finds
 * what the previous run left, so a run interrupted anywhere is finished by
 * the next, and a second run finds nothing to do. One organization that
 * fails is reported (its id and the reason, never a key) and the others are
 * still purged; the caller fails the run afterwards so it stays visible. The
 * time is the app's clock, passed to SQL, so tests move it.
 */
export async function purgeDeletedOrganizations() {
  const at = now();
  const due = await executeWithoutTenant<{ id: string }>(`select id from list_purgeable_organization_ids(?) as id`, [at]);
  let organizations = 0;
  let objects = 0;
  const failed: Array<{ organizationId: string; reason: string }> = [];
  for (const { id } of due) {
    try {
      objects += await purgeOrganization(id, at);
      organizations += 1;
    } catch (error) {
      failed.push({ organizationId: id, reason: error instanceof Error ? error.name : "unknown" });
    }
  }
  return { organizations, objects, failed };
}
