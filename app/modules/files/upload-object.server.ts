import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
} from "@aws-sdk/client-s3";
import type { Storage } from "~/utils/storage.server";

/**
 * What a file's bytes may come as: in memory, a Node stream, or a web stream
 * (a worker's `(await fetch(url)).body` goes in as it is).
 */
export type FileBody = Uint8Array | Readable | ReadableStream<Uint8Array>;

export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`file larger than its limit of ${maxBytes} bytes`);
  }
}

/**
 * S3 refuses a streamed PutObject without a length, so bytes go up in parts
 * of this size (S3's minimum is 5 MiB): what one upload holds in memory.
 */
const PART_BYTES = 8 * 1024 * 1024;

function chunksOf(body: FileBody): AsyncIterable<Uint8Array> {
  if (body instanceof Uint8Array) return Readable.from([body]);
  if (body instanceof Readable) return body;
  return Readable.fromWeb(body as NodeWebStream<Uint8Array>);
}

/**
 * Uploads `body` to `key`, counting and hashing it on the way and giving up
 * (nothing left behind, the source cancelled) past `maxBytes`. Small bodies
 * are one PutObject; larger ones a multipart upload, part by part.
 */
export async function uploadObject(storage: Storage, key: string, contentType: string, body: FileBody, maxBytes: number) {
  const { client, bucket } = storage;
  const hash = createHash("sha256");
  let sizeBytes = 0;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let multipart: { uploadId: string; parts: CompletedPart[] } | null = null;

  const takePending = () => {
    const part = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    return part;
  };
  const uploadPart = async (upload: { uploadId: string; parts: CompletedPart[] }) => {
    const PartNumber = upload.parts.length + 1;
    const { ETag } = await client.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: upload.uploadId, PartNumber, Body: takePending() }));
    upload.parts.push({ ETag, PartNumber });
  };

  try {
    for await (const chunk of chunksOf(body)) {
      sizeBytes += chunk.length;
      if (sizeBytes > maxBytes) throw new FileTooLargeError(maxBytes);
      hash.update(chunk);
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < PART_BYTES) continue;
      if (!multipart) {
        const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType }));
        multipart = { uploadId: UploadId!, parts: [] };
      }
      await uploadPart(multipart);
    }
    if (multipart) {
      if (pendingBytes) await uploadPart(multipart);
      await client.send(
        new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: multipart.uploadId, MultipartUpload: { Parts: multipart.parts } }),
      );
    } else {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType, Body: takePending(), ContentLength: sizeBytes }));
    }
  } catch (error) {
    const started = multipart as { uploadId: string } | null;
    if (started) await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: started.uploadId })).catch(() => {});
    throw error;
  }
  return { sizeBytes, sha256: hash.digest("hex") };
}
