import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { getStorage } from "~/utils/storage.server";
import { deleteObjects } from "./delete-objects.server";

/**
 * Deletes every object whose key starts with the prefix, a listed page (up to
 * a thousand keys) at a time; returns how many. Always the first page: what
 * was deleted is no longer listed, so a run interrupted anywhere is finished
 * by the next, and two overlapping runs don't fail each other.
 */
export async function deleteObjectsUnder(prefix: string) {
  const { client, bucket } = await getStorage();
  let deleted = 0;
  for (;;) {
    const { Contents } = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    const keys = (Contents ?? []).flatMap((object) => (object.Key?.startsWith(prefix) ? [object.Key] : []));
    if (!keys.length) return deleted;
    await deleteObjects(keys);
    deleted += keys.length;
  }
}
