import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { deleteFile } from "~/modules/files/delete-file.server";
import { openFile } from "~/modules/files/open-file.server";
import { FileTooLargeError } from "~/modules/files/store-file.server";
import { getStorage } from "~/utils/storage.server";
import { useTestDatabase } from "../support/database";
import { organizationId } from "../board/support";
import { aFile, anOrganization, objectBytes, objectKeys, webStreamOf } from "./support";

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** storeFile, openFile and deleteFile against the real S3-protocol server, read back past the app. */
describe("stored files", () => {
  const db = useTestDatabase();
  let aurora: string;
  let boreal: string;

  beforeAll(async () => {
    [aurora, boreal] = await Promise.all([organizationId(db, "aurora"), organizationId(db, "boreal")]);
  });

  const rowOf = async (id: string) =>
    (await db.adminQuery<{ organization_id: string; storage_key: string; size_bytes: string; sha256: string }>("select * from stored_files where id = $1", [id]))[0];

  it.each([
    ["a buffer", () => randomBytes(200_000), (bytes: Buffer) => bytes],
    ["a Node stream", () => randomBytes(1_100_000), (bytes: Buffer) => Readable.from([bytes.subarray(0, 300_000), bytes.subarray(300_000)])],
    ["a web stream, as fetch gives", () => randomBytes(1_300_000), (bytes: Buffer) => webStreamOf(bytes)],
    ["a stream over one upload part", () => randomBytes(9 * 1024 * 1024 + 3), (bytes: Buffer) => webStreamOf(bytes, 1024 * 1024)],
  ])("keeps exactly the bytes of %s in S3, under an organization-scoped key", async (_label, make, bodyOf) => {
    const bytes = make();
    const stored = await aFile(aurora, { body: bodyOf(bytes), contentType: "video/mp4" });
    expect(stored).toEqual({ id: expect.any(String), sizeBytes: bytes.length, sha256: sha256(bytes), contentType: "video/mp4" });
    const row = await rowOf(stored.id);
    expect(row).toMatchObject({ organization_id: aurora, storage_key: `org/${aurora}/whatsapp_media/${stored.id}`, size_bytes: String(bytes.length), sha256: sha256(bytes) });
    expect((await objectBytes(row.storage_key)).equals(bytes)).toBe(true);
  });

  // Without the client's WHEN_REQUIRED checksum settings a streamed body goes up in aws-chunked
  // framing, which s3rver keeps inside the object (chunk sizes and signatures around the bytes), answering 200.
  it("has a storage client that keeps a streamed PutObject exactly, without aws-chunked framing", async () => {
    const { client, bucket } = await getStorage();
    const bytes = randomBytes(300_000);
    const key = `org/${await anOrganization(db)}/export/streamed`;
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Readable.from([bytes]), ContentLength: bytes.length }));
    expect((await objectBytes(key)).equals(bytes)).toBe(true);
  });

  it("refuses a body over maxBytes, leaving no row and no object, whether it came whole or streamed", async () => {
    const organization = await anOrganization(db);
    for (const body of [randomBytes(1025), webStreamOf(randomBytes(10 * 1024 * 1024), 256 * 1024)]) {
      await expect(aFile(organization, { body, maxBytes: 1024 })).rejects.toBeInstanceOf(FileTooLargeError);
    }
    await expect(aFile(organization, { body: webStreamOf(randomBytes(10 * 1024 * 1024), 1024 * 1024), maxBytes: 9 * 1024 * 1024 })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(await db.adminQuery("select id from stored_files where organization_id = $1", [organization])).toEqual([]);
    expect(await objectKeys(organization)).toEqual([]);
  });

  it("deletes the object again when the row cannot be written", async () => {
    const organization = await anOrganization(db);
    await expect(aFile(organization, { body: randomBytes(100), communicationId: "00000000-0000-4000-8000-000000000000" })).rejects.toThrow(/foreign key/);
    expect(await db.adminQuery("select id from stored_files where organization_id = $1", [organization])).toEqual([]);
    expect(await objectKeys(organization)).toEqual([]);
  });

  it("opens a file only for its own organization, and reads a range of it", async () => {
    const bytes = randomBytes(10_000);
    const stored = await aFile(aurora, { body: bytes, originalName: " gravação\u0000.ogg " });
    expect(await openFile(boreal, stored.id)).toBeNull();
    expect(await openFile(aurora, "not-a-uuid")).toBeNull();
    const file = await openFile(aurora, stored.id);
    expect(file).toMatchObject({ id: stored.id, sizeBytes: 10_000, originalName: "gravação.ogg", contentType: "application/octet-stream" });
    const slice = Buffer.concat(await (await file!.read({ start: 10, end: 19 })).toArray());
    expect(slice.equals(bytes.subarray(10, 20))).toBe(true);
  });

  it("deletes a file's row and object, and nothing of another organization", async () => {
    const stored = await aFile(aurora);
    const { storage_key } = await rowOf(stored.id);
    expect(await deleteFile(boreal, stored.id)).toBe(false);
    expect(await rowOf(stored.id)).toBeDefined();
    expect(await deleteFile(aurora, stored.id)).toBe(true);
    expect(await rowOf(stored.id)).toBeUndefined();
    expect(await objectKeys(aurora)).not.toContain(storage_key);
  });
});
