import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnv } from "~/utils/env.server";
import { closeStorage } from "~/utils/storage.server";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { organizationId } from "../board/support";
import { aFile, download } from "./support";

/**
 * With S3_PRESIGNED_DOWNLOADS the route checks membership, then sends the
 * member to a short-lived signed URL on the storage instead of streaming.
 * (s3rver does not check the signature; real S3 does, which is the point.)
 */
describe("presigned downloads", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const owner = new TestClient(server);
  const outsider = new TestClient(server);
  let aurora: string;

  beforeAll(async () => {
    process.env.S3_PRESIGNED_DOWNLOADS = "true";
    resetEnv();
    await closeStorage();
    aurora = await organizationId(db, "aurora");
    await Promise.all([owner.login("owner@aurora.test"), outsider.login("owner@boreal.test")]);
  });
  afterAll(async () => {
    delete process.env.S3_PRESIGNED_DOWNLOADS;
    resetEnv();
    await closeStorage();
  });

  it("redirects a member to a 60-second signed URL for the file's key, with its type and disposition", async () => {
    const bytes = randomBytes(5000);
    const file = await aFile(aurora, { body: bytes, contentType: "image/png", originalName: "foto.png" });
    const response = await download(server, owner, `/o/aurora/files/${file.id}`);
    expect(response.status).toBe(302);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(`${process.env.S3_ENDPOINT}/${process.env.S3_BUCKET ?? "loved-crm"}/org/${aurora}/whatsapp_media/${file.id}`);
    expect(location.searchParams.get("X-Amz-Expires")).toBe("60");
    expect(location.searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
    expect(location.searchParams.get("response-content-type")).toBe("image/png");
    expect(location.searchParams.get("response-content-disposition")).toMatch(/^inline; filename="foto\.png"/);
    const fetched = await fetch(location);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("signs an export's URL with no-store, so S3 serves the archive uncacheable", async () => {
    const file = await aFile(aurora, { kind: "export", contentType: "application/zip", originalName: "titular.zip" });
    await db.adminQuery(
      `insert into privacy_requests (id, organization_id, kind, status, requester_contact, received_at, due_at, export_file_id, export_expires_at, updated_at)
       values (gen_random_uuid(), $1, 'access', 'done', 'titular@example.com', now(), now() + interval '15 days', $2, now() + interval '7 days', now())`,
      [aurora, file.id],
    );
    const response = await download(server, owner, `/o/aurora/files/${file.id}`);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(location.searchParams.get("response-cache-control")).toBe("no-store");
    expect((await fetch(location)).headers.get("cache-control")).toBe("no-store");
    // Other files keep their ordinary caching.
    const media = await download(server, owner, `/o/aurora/files/${(await aFile(aurora)).id}`);
    expect(new URL(media.headers.get("location")!).searchParams.get("response-cache-control")).toBe("private, max-age=3600, no-transform");
  });

  it("hands no URL to anyone else", async () => {
    const file = await aFile(aurora);
    const [foreign, anonymous] = await Promise.all([download(server, outsider, `/o/aurora/files/${file.id}`), download(server, null, `/o/aurora/files/${file.id}`)]);
    expect(foreign.status).toBe(404);
    expect(anonymous.status).toBe(302);
    expect(new URL(anonymous.headers.get("location")!, server.url).pathname).toBe("/login");
  });
});
