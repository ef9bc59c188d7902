import { Readable } from "node:stream";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { getStorage } from "~/utils/storage.server";
import type { OpenedFile } from "./open-file.server";
import { parseByteRange } from "./parse-byte-range.server";

/** The id names the bytes forever, so a browser may keep them; private keeps shared caches out. */
const CACHE_CONTROL = "private, max-age=3600, no-transform";
const PRESIGNED_SECONDS = 60;

/**
 * Uploaded bytes are someone else's content on our origin: even opened
 * directly, a file gets no script, no plugin, no form and a unique origin
 * (sandbox), only the inline styles browsers use to show an image or a video.
 */
const FILE_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'";

/** Pictures, sound and video open in the browser; anything else (SVG and HTML included: they can carry script) downloads. */
function opensInline(contentType: string) {
  return /^(image|audio|video)\//i.test(contentType) && !/^image\/svg\+xml\b/i.test(contentType);
}

/** RFC 6266: an ASCII fallback any browser reads safely, and the real name percent-encoded as UTF-8. */
function contentDisposition(file: OpenedFile) {
  const name = file.originalName ?? `${file.kind}-${file.id}`;
  const fallback = name.normalize("NFKD").replace(/[^\w.() -]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${opensInline(file.contentType) ? "inline" : "attachment"}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** An export may be downloaded only during its 7 days: no copy may outlive the route's check. */
function cacheControlOf(file: OpenedFile) {
  return file.kind === "export" ? "no-store" : CACHE_CONTROL;
}

async function presignedRedirect(file: OpenedFile) {
  const { client, bucket } = await getStorage();
  const command = new GetObjectCommand({
    Bucket: bucket,
    Key: file.storageKey,
    ResponseContentType: file.contentType,
    ResponseContentDisposition: contentDisposition(file),
    // S3 serves the bytes itself here: the same caching as the streamed path, or an export outlives its 7 days in a cache.
    ResponseCacheControl: cacheControlOf(file),
  });
  const location = await getSignedUrl(client, command, { expiresIn: PRESIGNED_SECONDS });
  return new Response(null, { status: 302, headers: { Location: location, "Cache-Control": "no-store" } });
}

/**
 * The answer to a GET or HEAD for a file the caller may see: a redirect to a
 * short-lived presigned URL where the storage checks signatures
 * (S3_PRESIGNED_DOWNLOADS), else the bytes streamed through, whole or one range.
 */
export async function fileResponse(request: Request, file: OpenedFile): Promise<Response> {
  if ((await getStorage()).presignedDownloads) return presignedRedirect(file);
  const etag = `"${file.sha256}"`;
  const headers = new Headers({
    "Content-Type": file.contentType,
    "Accept-Ranges": "bytes",
    ETag: etag,
    "Cache-Control": cacheControlOf(file),
    "Content-Disposition": contentDisposition(file),
    "Content-Security-Policy": FILE_CSP,
    "X-Content-Type-Options": "nosniff",
  });
  if (request.headers.get("If-None-Match") === etag) return new Response(null, { status: 304, headers });
  const answer = parseByteRange(request.headers.get("Range"), file.sizeBytes, request.headers.get("If-Range"), etag);
  if (answer.kind === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${file.sizeBytes}`);
    headers.delete("Content-Disposition");
    return new Response(null, { status: 416, headers });
  }
  const range = answer.kind === "partial" ? answer.range : undefined;
  headers.set("Content-Length", String(range ? range.end - range.start + 1 : file.sizeBytes));
  if (range) headers.set("Content-Range", `bytes ${range.start}-${range.end}/${file.sizeBytes}`);
  const status = range ? 206 : 200;
  // Remix answers HEAD without the body it is given; one never opened holds no S3 connection.
  if (request.method === "HEAD" || file.sizeBytes === 0) return new Response(null, { status, headers });
  const body = await file.read(range);
  return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, { status, headers });
}
