import { withOrganization } from "~/utils/db.server";
import { deleteObjects } from "~/modules/files/delete-objects.server";
import { forgetFiles } from "~/modules/files/forget-files.server";

/**
 * Earlier requests about the same person (by phone key or e-mail, or sharing
 * a lead): their export archives are deleted (object, then row) and their
 * subject and contact emptied, so the deletion request's own row is the only
 * one left naming the person. Returns how many requests and archives.
 */
export async function forgetEarlierRequests(
  organizationId: string,
  request: { id: string; subjectPhoneKey?: string | null; subjectEmail?: string | null },
  leadIds: string[],
) {
  const matches = `organization_id = ? and id <> ?
      and ((?::text is not null and subject_phone_key = ?) or (?::text is not null and subject_email = ?) or lead_ids && array[?]::text[])`;
  const phoneKey = request.subjectPhoneKey ?? null;
  const email = request.subjectEmail ?? null;
  const params = [organizationId, request.id, phoneKey, phoneKey, email, email, [...leadIds, ""]];
  const archives = await withOrganization(organizationId, (db) =>
    db.execute<{ id: string; storageKey: string }[]>(
      `select f.id, f.storage_key as "storageKey" from stored_files f
        where f.organization_id = ? and f.id in (select export_file_id from privacy_requests where ${matches})`,
      [organizationId, ...params],
    ),
  );
  await deleteObjects(archives.map((file) => file.storageKey));
  return withOrganization(organizationId, async (db) => {
    const files = await forgetFiles(db, organizationId, archives.map((file) => file.id));
    const rows = await db.execute<{ id: string }[]>(
      `update privacy_requests set subject_phone_key = null, subject_email = null, subject_name = null, requester_contact = '',
              export_file_id = null, export_expires_at = null, updated_at = now()
        where ${matches} and (subject_phone_key is not null or subject_email is not null or subject_name is not null or requester_contact <> '')
        returning id`,
      params,
    );
    return { requests: rows.length, archives: files };
  });
}
