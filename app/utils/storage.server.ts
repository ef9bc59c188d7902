import { CreateBucketCommand, HeadBucketCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { getEnv, type Env } from "./env.server";

export interface Storage {
  client: S3Client;
  bucket: string;
  /** Whether downloads may be handed out as presigned URLs (S3_PRESIGNED_DOWNLOADS). */
  presignedDownloads: boolean;
}

const cache = globalThis as typeof globalThis & { __lovedStorage?: Promise<Storage> };

function createClient(env: Env, endpoint: string) {
  return new S3Client({
    endpoint,
    region: env.S3_REGION,
    forcePathStyle: env.S3_FORCE_PATH_STYLE ?? true,
    credentials: env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY } : undefined,
    // The SDK's default checksums wrap streamed uploads in aws-chunked framing; servers that do not
    // speak it (s3rver) store the framing inside the object and still answer 200.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

const statusOf = (error: unknown) => (error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined);

/** Creates the bucket unless it exists; another process creating it at the same moment is as good. */
async function ensureBucket(client: S3Client, bucket: string) {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return;
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (!(error instanceof S3ServiceException && ["BucketAlreadyOwnedByYou", "BucketAlreadyExists"].includes(error.name))) throw error;
  }
}

/**
 * The one S3 client of this process, with its bucket made sure of on first
 * use. Without S3_ENDPOINT it fails naming it: `npm start` always sets it (to
 * its embedded server), so only a hand-configured web or worker gets here.
 */
export function getStorage(): Promise<Storage> {
  if (cache.__lovedStorage) return cache.__lovedStorage;
  const env = getEnv();
  if (!env.S3_ENDPOINT) {
    return Promise.reject(new Error("S3_ENDPOINT is not set: files need an S3-compatible storage (e.g. https://s3.us-east-1.amazonaws.com)"));
  }
  const client = createClient(env, env.S3_ENDPOINT);
  const storage = ensureBucket(client, env.S3_BUCKET).then(
    (): Storage => ({ client, bucket: env.S3_BUCKET, presignedDownloads: env.S3_PRESIGNED_DOWNLOADS }),
    (error: unknown) => {
      // A storage that was down at the first attempt is asked again by the next one.
      delete cache.__lovedStorage;
      client.destroy();
      throw error;
    },
  );
  cache.__lovedStorage = storage;
  return storage;
}

/** Forgets this process's client, closing its connections (a test that changes the S3_* settings). */
export async function closeStorage() {
  const storage = cache.__lovedStorage;
  delete cache.__lovedStorage;
  (await storage?.catch(() => null))?.client.destroy();
}
