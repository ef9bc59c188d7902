import { DeleteObjectsCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { now } from "~/utils/clock.server";
import { executeWithoutTenant, withOrganization } from "~/utils/db.server";
import { getStorage } from "~/utils/storage.server";

/** S3 takes at most 1,000 keys per DeleteObjects, and lists at most 1,000 per page. */
const KEYS_PER_CHUNK = 1000;

/** Every object under the organization's prefix (`storageKeyFor`), a listed page deleted at a time; 0 when there is none left. */
async function deleteObjectsOf(organizationId: string) {
  const { client, bucket } = await getStorage();
  const prefix = `org/${organizationId}/`;
  let deleted = 0;
  for (;;) {
    // Always the first page: what was deleted is no longer listed, so a restart continues where the last run stopped.
    const { Contents } = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: KEYS_PER_CHUNK }));
    const keys = (Contents ?? []).flatMap((object) => (object.Key?.startsWith(prefix) ? [{ Key: object.Key }] : []));
    if (!keys.length) return deleted;
    const { Errors } = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
    if (Errors?.length) throw new Error(`${Errors.length} object(s) under ${prefix} were not deleted (first: ${Errors[0].Code})`);
    deleted += keys.length;
  }
}

/**
 * Removes the organizations whose grace period is over, each one entirely:
 * its objects in the bucket first, then its queued jobs, then its row (every
 * table's rows go with it through `on delete cascade`). Each step only finds
 * what the previous run left, so a run interrupted anywhere is finished by the
 * next, and a second run finds nothing to do. The time is the app's clock,
 * passed to SQL, so tests move it.
 */
export async function purgeDeletedOrganizations() {
  const due = await executeWithoutTenant<{ id: string }>(`select id from list_purgeable_organization_ids(?) as id`, [now()]);
  let objects = 0;
  for (const { id } of due) {
    objects += await deleteObjectsOf(id);
    await executeWithoutTenant(`select delete_organization_jobs(?)`, [id]);
    await withOrganization(id, (db) => db.execute(`delete from organizations where id = ? and deleted_at is not null`, [id]));
  }
  return { organizations: due.length, objects };
}
