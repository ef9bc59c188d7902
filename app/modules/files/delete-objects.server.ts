import { DeleteObjectsCommand } from "@aws-sdk/client-s3";
import { getStorage } from "~/utils/storage.server";

/** S3's limit per DeleteObjects request. */
const KEYS_PER_REQUEST = 1000;

/**
 * Deletes objects from the bucket, up to a thousand per request. A key that
 * is already gone counts as deleted (S3 answers so), which makes a retry
 * after a crash harmless; any other per-key error is thrown, naming how many
 * failed and the first reason, never the keys' files.
 */
export async function deleteObjects(keys: readonly string[]) {
  if (!keys.length) return;
  const { client, bucket } = await getStorage();
  for (let start = 0; start < keys.length; start += KEYS_PER_REQUEST) {
    const chunk = keys.slice(start, start + KEYS_PER_REQUEST);
    const answer = await client.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: chunk.map((Key) => ({ Key })), Quiet: true } }),
    );
    const failed = (answer.Errors ?? []).filter((error) => error.Code !== "NoSuchKey");
    if (failed.length) throw new Error(`the storage refused to delete ${failed.length} object(s): ${failed[0].Code ?? "unknown"} ${failed[0].Message ?? ""}`.trim());
  }
}
