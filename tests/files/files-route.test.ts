import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { organizationId } from "../board/support";
import { aFile, download } from "./support";

/**
 * GET /o/:slug/files/:fileId against a real S3-protocol server: members get
 * the exact bytes, whole or by range, with headers that keep uploaded content
 * from running on our origin; anyone else gets what a missing file gets.
 */
describe("the files route", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const owner = new TestClient(server);
  const viewer = new TestClient(server);
  const outsider = new TestClient(server);
  let aurora: string;

  beforeAll(async () => {
    aurora = await organizationId(db, "aurora");
    await Promise.all([owner.login("owner@aurora.test"), viewer.login("viewer@aurora.test"), outsider.login("owner@boreal.test")]);
  });

  const url = (fileId: string, slug = "aurora") => `/o/${slug}/files/${fileId}`;

  it("streams a member the exact bytes of a file over a mebibyte, with its metadata", async () => {
    const bytes = randomBytes(1536 * 1024 + 7);
    const file = await aFile(aurora, { body: bytes, contentType: "application/pdf", originalName: "Proposta Março.pdf" });
    const response = await download(server, viewer, url(file.id));
    expect(response.status).toBe(200);
    expect(response.bytes.equals(bytes)).toBe(true);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-length")).toBe(String(bytes.length));
    expect(response.headers.get("accept-ranges")).toBe("bytes");
    expect(response.headers.get("etag")).toBe(`"${createHash("sha256").update(bytes).digest("hex")}"`);
    expect(response.headers.get("cache-control")).toMatch(/^private, max-age=\d+/);
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="Proposta Marc_o.pdf"; filename*=UTF-8''Proposta%20Mar%C3%A7o.pdf`);
  });

  it("answers a single range with 206 and exactly that slice, from either end or open-ended", async () => {
    const bytes = randomBytes(300_000);
    const file = await aFile(aurora, { body: bytes });
    const cases: [string, number, number][] = [
      ["bytes=1000-1999", 1000, 1999],
      ["bytes=-500", bytes.length - 500, bytes.length - 1],
      ["bytes=299000-", 299000, bytes.length - 1],
      ["bytes=299990-999999", 299990, bytes.length - 1],
    ];
    for (const [range, start, end] of cases) {
      const response = await download(server, owner, url(file.id), { headers: { Range: range } });
      expect(response.status, range).toBe(206);
      expect(response.headers.get("content-range"), range).toBe(`bytes ${start}-${end}/${bytes.length}`);
      expect(response.headers.get("content-length"), range).toBe(String(end - start + 1));
      expect(response.bytes.equals(bytes.subarray(start, end + 1)), range).toBe(true);
    }
  });

  it("answers 416 with the size for a range past the end, and the whole file for several or malformed ranges", async () => {
    const bytes = randomBytes(4096);
    const file = await aFile(aurora, { body: bytes });
    const unsatisfiable = await download(server, owner, url(file.id), { headers: { Range: "bytes=4096-" } });
    expect(unsatisfiable.status).toBe(416);
    expect(unsatisfiable.headers.get("content-range")).toBe("bytes */4096");
    expect(unsatisfiable.bytes.length).toBe(0);
    for (const range of ["bytes=0-1,5-9", "bytes=9-1", "items=0-1", "bytes=abc", "bytes=-"]) {
      const whole = await download(server, owner, url(file.id), { headers: { Range: range } });
      expect(whole.status, range).toBe(200);
      expect(whole.bytes.equals(bytes), range).toBe(true);
    }
  });

  it("answers HEAD with the headers and no body", async () => {
    const file = await aFile(aurora, { body: randomBytes(2048), contentType: "audio/ogg; codecs=opus" });
    const response = await download(server, owner, url(file.id), { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe("2048");
    expect(response.headers.get("content-type")).toBe("audio/ogg; codecs=opus");
    expect(response.bytes.length).toBe(0);
  });

  it("opens pictures, sound and video inline, and downloads SVG, HTML and the rest, all sandboxed and nosniff", async () => {
    const cases: [string, string][] = [
      ["image/png", "inline"],
      ["video/mp4", "inline"],
      ["image/svg+xml", "attachment"],
      ["text/html", "attachment"],
      ["not a type\r\nX-Evil: 1", "attachment"],
    ];
    for (const [contentType, disposition] of cases) {
      const file = await aFile(aurora, { body: Buffer.from("<svg onload=alert(1)><script>alert(1)</script></svg>"), contentType });
      const response = await download(server, owner, url(file.id));
      expect(response.status, contentType).toBe(200);
      expect(response.headers.get("content-disposition"), contentType).toMatch(new RegExp(`^${disposition}; `));
      expect(response.headers.get("x-content-type-options"), contentType).toBe("nosniff");
      const csp = response.headers.get("content-security-policy");
      expect(csp, contentType).toMatch(/(^|; )sandbox(;|$)/);
      expect(csp, contentType).toMatch(/(^|; )default-src 'none'/);
      expect(csp, contentType).not.toMatch(/script-src/);
      expect(response.headers.get("x-evil")).toBeNull();
    }
  });

  it("answers 404 to a member of another organization, under either slug, as to a missing file", async () => {
    const file = await aFile(aurora);
    const [foreignSlug, ownSlug, missing, control] = await Promise.all([
      download(server, outsider, url(file.id)),
      download(server, outsider, url(file.id, "boreal")),
      download(server, outsider, url("00000000-0000-4000-8000-000000000000", "boreal")),
      download(server, owner, url(file.id)),
    ]);
    expect([foreignSlug.status, ownSlug.status, missing.status, control.status]).toEqual([404, 404, 404, 200]);
    expect(ownSlug.bytes.toString()).toBe(missing.bytes.toString());
  });

  it("answers 404 to an id that is not a uuid", async () => {
    for (const id of ["not-a-uuid", "1", "..%2F..%2Fsecrets.json"]) expect((await download(server, owner, url(id))).status, id).toBe(404);
  });

  it("sends a signed-out visitor to the login page", async () => {
    const file = await aFile(aurora);
    const response = await download(server, null, url(file.id));
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!, server.url);
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("redirectTo")).toBe(url(file.id));
  });

  it("survives a client that hangs up mid-download, and keeps serving", async () => {
    const bytes = randomBytes(8 * 1024 * 1024);
    const file = await aFile(aurora, { body: bytes });
    const { port } = new URL(server.url);
    await new Promise<void>((resolve, reject) => {
      const request = http.get({ host: "127.0.0.1", port, path: url(file.id), headers: { cookie: owner.cookieHeader } }, (response) => {
        expect(response.statusCode).toBe(200);
        response.once("data", () => {
          request.destroy();
          resolve();
        });
      });
      request.on("error", (error) => (request.destroyed ? undefined : reject(error)));
    });
    const again = await download(server, owner, url(file.id), { headers: { Range: "bytes=-16" } });
    expect(again.status).toBe(206);
    expect(again.bytes.equals(bytes.subarray(-16))).toBe(true);
  });
});
