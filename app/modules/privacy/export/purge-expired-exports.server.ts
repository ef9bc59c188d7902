import { now } from "~/utils/clock.server";
import { executeWithoutTenant, withOrganization } from "~/utils/db.server";
import { deleteFile } from "~/modules/files/delete-file.server";
import { EXPORT_TTL_MS } from "./export-privacy-request.server";

/**
 * Deletes export archives (row and S3 object) whose download period is over,
 * and any archive no request points to once it is as old (an attempt that
 * stored its zip and then failed). Walks every organization not yet purged,
 * deleted ones in their grace period included (an archive's 7 days do not
 * wait for the organization's 30), through a narrow cross-tenant function,
 * then works inside each one's own scope.
 */
export async function purgeExpiredExports() {
  const at = now();
  const organizations = await executeWithoutTenant<{ id: string }>(`select id from list_unpurged_organization_ids() as id`);
  let purged = 0;
  for (const { id } of organizations) {
    const fileIds = await withOrganization(id, (db) =>
      db.execute<{ id: string }[]>(
        `select f.id from stored_files f
          where f.organization_id = ? and f.kind = 'export'
            and coalesce((select max(r.export_expires_at) from privacy_requests r where r.organization_id = f.organization_id and r.export_file_id = f.id),
                         f.created_at + ?::interval) <= ?`,
        [id, `${EXPORT_TTL_MS / 1000} seconds`, at],
      ),
    );
    for (const file of fileIds) if (await deleteFile(id, file.id)) purged += 1;
  }
  return { organizations: organizations.length, purged };
}
