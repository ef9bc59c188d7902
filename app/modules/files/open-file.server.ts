import type { Readable } from "node:stream";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { z } from "zod";
import { StoredFile } from "@db/entities/stored-file";
import { withOrganization } from "~/utils/db.server";
import { getStorage } from "~/utils/storage.server";

/** Inclusive byte offsets, as HTTP and S3 write them. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface OpenedFile {
  id: string;
  kind: StoredFile["kind"];
  contentType: string;
  sizeBytes: number;
  sha256: string;
  originalName: string | null;
  storageKey: string;
  createdAt: Date;
  /** The bytes (or the range of them), streamed from S3; destroying the stream releases the connection. */
  read(range?: ByteRange): Promise<Readable>;
}

const fileIdSchema = z.uuid();

/**
 * A file of the organization, or null if it has none by that id (a URL's
 * text, malformed ones included): the row is read under that organization's
 * row-level security and matched on it too.
 */
export async function openFile(organizationId: string, fileId: string | undefined): Promise<OpenedFile | null> {
  const parsed = fileIdSchema.safeParse(fileId);
  if (!parsed.success) return null;
  const row = await withOrganization(organizationId, (db) => db.findOne(StoredFile, { id: parsed.data, organization: organizationId }));
  if (!row) return null;
  const { id, kind, contentType, sizeBytes, sha256, originalName, storageKey, createdAt } = row;
  return {
    id,
    kind,
    contentType,
    sizeBytes,
    sha256,
    originalName: originalName ?? null,
    storageKey,
    createdAt,
    async read(range) {
      const { client, bucket } = await getStorage();
      const { Body } = await client.send(
        new GetObjectCommand({ Bucket: bucket, Key: storageKey, Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
      );
      return Body as Readable;
    },
  };
}
