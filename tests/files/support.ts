import { randomBytes } from "node:crypto";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import type { FileKind } from "@db/entities/stored-file";
import { storeFile, type FileBody } from "~/modules/files/store-file.server";
import { getStorage } from "~/utils/storage.server";
import type { TestClient } from "../support/client";
import type { TestDatabase } from "../support/database";
import type { TestServer } from "../support/server";

/** An organization of its own: the bucket is shared by every test file, and the seeded ones by every copy of the database. */
export async function anOrganization(db: TestDatabase) {
  const [{ id }] = await db.adminQuery<{ id: string }>(
    "insert into organizations (id, name, slug, created_at, updated_at) values (gen_random_uuid(), 'Arquivos', 'arquivos-' || substr(md5(random()::text), 1, 8), now(), now()) returning id",
  );
  return id;
}

/** A file stored the way the app's jobs store them; random bytes unless given. */
export async function aFile(
  organizationId: string,
  options: { body?: FileBody; contentType?: string; originalName?: string; kind?: FileKind; maxBytes?: number; communicationId?: string } = {},
) {
  const body = options.body ?? randomBytes(1024);
  return storeFile({
    organizationId,
    kind: options.kind ?? "whatsapp_media",
    contentType: options.contentType ?? "application/octet-stream",
    originalName: options.originalName,
    body,
    maxBytes: options.maxBytes ?? 64 * 1024 * 1024,
    communicationId: options.communicationId,
  });
}

/** The raw answer, bytes and all (TestClient reads bodies as text). */
export async function download(server: TestServer, client: TestClient | null, path: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  const headers = new Headers(init.headers);
  if (client?.cookies.size) headers.set("cookie", client.cookieHeader);
  const response = await fetch(server.url + path, { method: init.method ?? "GET", headers, redirect: "manual" });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** What S3 itself holds under a key, read past the app. */
export async function objectBytes(key: string) {
  const { client, bucket } = await getStorage();
  const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await Body!.transformToByteArray());
}

/** Every key in the bucket under an organization's prefix. */
export async function objectKeys(organizationId: string) {
  const { client, bucket } = await getStorage();
  const { Contents } = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `org/${organizationId}/` }));
  return (Contents ?? []).map((object) => object.Key!);
}

/** A web stream of `bytes` in small chunks, as `fetch(url).body` delivers a download. */
export function webStreamOf(bytes: Buffer, chunkSize = 64 * 1024) {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(new Uint8Array(bytes.subarray(offset, offset + chunkSize)));
      offset += chunkSize;
    },
  });
}
