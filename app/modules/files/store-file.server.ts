import { randomUUID } from "node:crypto";
import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import { StoredFile, type FileKind } from "@db/entities/stored-file";
import { withOrganization, type Db } from "~/utils/db.server";
import { loggerFor } from "~/utils/logger.server";
import { getStorage } from "~/utils/storage.server";
import { uploadObject, type FileBody } from "./upload-object.server";

export { FileTooLargeError, type FileBody } from "./upload-object.server";

const log = loggerFor("files");

export interface StoreFileInput {
  organizationId: string;
  kind: FileKind;
  /** As the provider said it; anything that is not a well-formed media type is kept as application/octet-stream. */
  contentType: string;
  originalName?: string | null;
  body: FileBody;
  /** Past this many bytes the upload stops and FileTooLargeError is thrown; nothing is kept. */
  maxBytes: number;
  communicationId?: string | null;
  /**
   * Runs in the transaction that writes the row: whatever must point at the
   * file commits with it or not at all (so no row is left that nothing
   * references). Throwing deletes the object again and rethrows.
   */
  afterInsert?: (db: Db, fileId: string) => Promise<void>;
}

const TOKEN = "[a-z0-9!#$&^_.+-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(\\s*;\\s*${TOKEN}=(${TOKEN}|"[^"\\\\\\r\\n]*"))*$`, "i");

/** The type the file is served with: it becomes a response header, so only a well-formed one gets through. */
function mediaTypeOf(contentType: string) {
  const trimmed = contentType.trim();
  return MEDIA_TYPE.test(trimmed) && trimmed.length <= 255 ? trimmed : "application/octet-stream";
}

function nameOf(originalName: string | null | undefined) {
  const cleaned = originalName?.replace(/[\p{Cc}\p{Cf}]/gu, "").trim().slice(0, 255);
  return cleaned || null;
}

/** Where a file lives in the bucket: under its organization, so a key can never be shared across tenants. */
export function storageKeyFor(organizationId: string, kind: FileKind, fileId: string) {
  return `org/${organizationId}/${kind}/${fileId}`;
}

/**
 * Uploads a file and records it for its organization. The upload happens
 * before (not inside) the transaction, so no database connection waits on
 * the network; if the row cannot be written the object is deleted again.
 */
export async function storeFile(input: StoreFileInput) {
  const storage = await getStorage();
  const id = randomUUID();
  const storageKey = storageKeyFor(input.organizationId, input.kind, id);
  const contentType = mediaTypeOf(input.contentType);
  const { sizeBytes, sha256 } = await uploadObject(storage, storageKey, contentType, input.body, input.maxBytes);
  try {
    await withOrganization(input.organizationId, async (db) => {
      db.create(StoredFile, {
        id,
        organization: input.organizationId,
        kind: input.kind,
        storageKey,
        contentType,
        sizeBytes,
        sha256,
        originalName: nameOf(input.originalName),
        communication: input.communicationId ?? null,
      });
      // Flushed first: the hook's rows may reference this one.
      await db.flush();
      await input.afterInsert?.(db, id);
    });
  } catch (error) {
    await storage.client.send(new DeleteObjectCommand({ Bucket: storage.bucket, Key: storageKey })).catch((cleanup: unknown) => {
      log.error({ err: cleanup, storageKey }, "could not delete the object of a file whose row failed");
    });
    throw error;
  }
  return { id, sizeBytes, sha256, contentType };
}
