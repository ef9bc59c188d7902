import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import { StoredFile } from "@db/entities/stored-file";
import { withOrganization } from "~/utils/db.server";
import { getStorage } from "~/utils/storage.server";

/**
 * Deletes a file of the organization: the row first (from then on nobody can
 * reach it), then the object. Returns false if the organization has no such file.
 */
export async function deleteFile(organizationId: string, fileId: string) {
  const storageKey = await withOrganization(organizationId, async (db) => {
    const row = await db.findOne(StoredFile, { id: fileId, organization: organizationId });
    if (!row) return null;
    db.remove(row);
    return row.storageKey;
  });
  if (!storageKey) return false;
  const { client, bucket } = await getStorage();
  await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: storageKey }));
  return true;
}
