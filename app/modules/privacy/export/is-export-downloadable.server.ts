import { now } from "~/utils/clock.server";
import { withOrganization } from "~/utils/db.server";

/**
 * Whether an export archive may still be downloaded: a request of the
 * organization points to it and its 7 days, by the app's clock, are not over.
 */
export async function isExportDownloadable(organizationId: string, fileId: string) {
  const rows = await withOrganization(organizationId, (db) =>
    db.execute<{ id: string }[]>(
      `select id from privacy_requests where organization_id = ? and export_file_id = ? and export_expires_at > ? limit 1`,
      [organizationId, fileId, now()],
    ),
  );
  return rows.length > 0;
}
