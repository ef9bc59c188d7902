import { randomBytes, createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type AddressInfo } from "node:net";
import path from "node:path";
import { createStatusPlayer, type WebhookDelivery, type WebhookTarget } from "./graph-stand-in-playback";

/**
 * A loopback WhatsApp Cloud API (Meta Graph) for tests and the offline demo.
 * It speaks the wire format the real client code uses — bearer tokens per
 * account, Graph's error bodies, short-lived media URLs, template paging, and
 * signed status webhooks after a send — so nothing about the client is faked.
 */

/**
 * Where the launcher records the running stand-in's address (`{ "url": ... }`)
 * for `npm run whatsapp:simulate`, which hands it media.
 */
export function graphStandInInfoFile(dataDir: string): string {
  return path.join(dataDir, "graph-stand-in.json");
}

export interface GraphStandInTemplate {
  name: string;
  language: string;
  status: string;
  category: string;
  components: { type: string; text?: string; [key: string]: unknown }[];
}

export interface GraphStandInAccount {
  wabaId: string;
  accessToken: string;
  phoneNumbers: { id: string; display: string }[];
  templates?: GraphStandInTemplate[];
  /** Where accepted sends are followed by signed `sent`/`delivered`/`read` webhooks. */
  webhook?: WebhookTarget;
}

export interface GraphStandInOptions {
  accounts: GraphStandInAccount[];
  /** 0 (default) picks a free port. Always bound to 127.0.0.1. */
  port?: number;
  /** How long a media URL from `GET /:version/:mediaId` works; Meta's live 5 minutes. */
  mediaUrlTtlMs?: number;
  /** Templates per page when the request asks for more (or nothing). */
  templatePageSize?: number;
  statusIntervalMs?: number;
  webhookAttempts?: number;
  webhookRetryDelayMs?: number;
}

export type GraphStandInRoute = "messages" | "media" | "download" | "templates" | "upload";

export interface GraphStandInRequest {
  route: GraphStandInRoute | null;
  method: string;
  path: string;
  /** The bearer token sent, if any. */
  token: string | null;
  /** Parsed JSON for JSON requests; null otherwise. */
  body: unknown;
}

export interface GraphStandIn {
  url: string;
  /** Every request received, in order. */
  sent: GraphStandInRequest[];
  /** Every status webhook played back, once its attempts are over. */
  webhooks: WebhookDelivery[];
  /** The next request on `route` gets this answer instead (after being recorded). */
  failNext(route: GraphStandInRoute, answer: { status: number; body?: unknown }): void;
  /** Makes `mediaId` downloadable; with `wabaId`, only that account's token may read it. */
  addMedia(mediaId: string, media: { bytes: Buffer; mimeType: string; wabaId?: string }): void;
  close(): Promise<void>;
}

interface StoredMedia {
  bytes: Buffer;
  mimeType: string;
  wabaId?: string;
}

const MAX_JSON_BYTES = 1024 * 1024;
const MAX_RECORDED = 1000;
// WhatsApp's own ceiling for documents.
const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
const VERSION = /^v\d{1,3}\.\d{1,2}$/;
const ID = /^[A-Za-z0-9_.-]{1,128}$/;

export async function startGraphStandIn(options: GraphStandInOptions): Promise<GraphStandIn> {
  const mediaTtlMs = options.mediaUrlTtlMs ?? 5 * 60_000;
  const pageSize = options.templatePageSize ?? 25;
  const media = new Map<string, StoredMedia>();
  const mediaUrls = new Map<string, { mediaId: string; token: string; expiresAt: number }>();
  const failures = new Map<GraphStandInRoute, { status: number; body?: unknown }[]>();
  const sent: GraphStandInRequest[] = [];
  const webhooks: WebhookDelivery[] = [];
  const player = createStatusPlayer(
    { statusIntervalMs: options.statusIntervalMs ?? 300, attempts: options.webhookAttempts ?? 5, retryDelayMs: options.webhookRetryDelayMs ?? 1_000 },
    webhooks,
  );
  let baseUrl = "";

  const accountOfToken = (token: string | null) => options.accounts.find((account) => token !== null && account.accessToken === token);

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://stand-in");
    const parts = url.pathname.split("/").filter(Boolean);
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1] ?? null;
    const route = routeOf(request.method ?? "", parts);
    const isJson = (request.headers["content-type"] ?? "").startsWith("application/json");
    const raw = await readBody(request, route === "upload" ? MAX_UPLOAD_BYTES : MAX_JSON_BYTES);
    if (raw === null) return graphError(response, 413, "Request body too large", 100);
    const body = isJson ? parseJson(raw) : null;
    sent.push({ route, method: request.method ?? "", path: url.pathname, token, body });
    // The demo runs for days: keep the recent history tests look at, not all of it.
    if (sent.length > MAX_RECORDED) sent.splice(0, sent.length - MAX_RECORDED);

    const failure = route ? failures.get(route)?.shift() : undefined;
    if (failure) return reply(response, failure.status, failure.body ?? graphErrorBody(`Injected failure on ${route}`, 2, "OAuthException"));

    switch (route) {
      case "upload":
        return upload(response, raw, request.headers["content-type"], url.searchParams.get("waba") ?? undefined);
      case "download":
        return download(response, parts[1], token);
      case "messages":
        return sendMessage(response, parts[1], token, body);
      case "media":
        return lookupMedia(response, parts[1], token);
      case "templates":
        return listTemplates(response, parts[0], parts[1], token, url.searchParams);
      default:
        return graphError(response, 400, "Unknown path components", 2500);
    }
  }

  // Stand-in only, no token: a local tool (whatsapp:simulate) hands over what a customer "sent", as Meta holds it.
  function upload(response: ServerResponse, bytes: Buffer, contentType: string | undefined, wabaId: string | undefined): void {
    if (bytes.length === 0 || !contentType) return graphError(response, 400, "Upload needs a body and a Content-Type", 100);
    // Numeric like Meta's media ids.
    const mediaId = String(10 ** 15 + randomBytes(6).readUIntBE(0, 6));
    media.set(mediaId, { bytes, mimeType: contentType, wabaId });
    reply(response, 200, { id: mediaId });
  }

  function lookupMedia(response: ServerResponse, mediaId: string, token: string | null): void {
    const account = accountOfToken(token);
    if (!account) return invalidToken(response);
    const stored = media.get(mediaId);
    if (!stored || (stored.wabaId !== undefined && stored.wabaId !== account.wabaId)) return unknownObject(response, mediaId);
    for (const [stale, link] of mediaUrls) if (Date.now() > link.expiresAt) mediaUrls.delete(stale);
    const key = randomBytes(24).toString("base64url");
    mediaUrls.set(key, { mediaId, token: account.accessToken, expiresAt: Date.now() + mediaTtlMs });
    reply(response, 200, {
      url: `${baseUrl}/_media/${key}`,
      mime_type: stored.mimeType,
      sha256: createHash("sha256").update(stored.bytes).digest("hex"),
      file_size: stored.bytes.length,
      id: mediaId,
      messaging_product: "whatsapp",
    });
  }

  function download(response: ServerResponse, key: string, token: string | null): void {
    const link = mediaUrls.get(key);
    // Meta answers an unauthenticated or stale media URL with a bare 401/404, not a Graph error body.
    // (Expired links are pruned on later lookups, so expired and unknown answer alike.)
    if (!link || Date.now() > link.expiresAt) return void response.writeHead(404, { "content-type": "text/plain" }).end("URL expired");
    if (token !== link.token) return void response.writeHead(401, { "content-type": "text/plain" }).end("Unauthorized");
    const stored = media.get(link.mediaId)!;
    response.writeHead(200, { "content-type": stored.mimeType, "content-length": stored.bytes.length }).end(stored.bytes);
  }

  function sendMessage(response: ServerResponse, phoneNumberId: string, token: string | null, body: unknown): void {
    const owner = options.accounts.find((account) => account.phoneNumbers.some((number) => number.id === phoneNumberId));
    if (!accountOfToken(token)) return invalidToken(response);
    if (!owner || owner.accessToken !== token) return unknownObject(response, phoneNumberId);
    const problem = invalidSend(body, owner);
    if (problem) return graphError(response, 400, problem.message, problem.code, problem.details);
    const to = (body as { to: string }).to;
    const messageId = `wamid.${randomBytes(24).toString("base64url")}`;
    reply(response, 200, { messaging_product: "whatsapp", contacts: [{ input: to, wa_id: to }], messages: [{ id: messageId }] });
    const phoneNumber = owner.phoneNumbers.find((number) => number.id === phoneNumberId)!;
    if (owner.webhook) player.play({ target: owner.webhook, wabaId: owner.wabaId, phoneNumber, messageId, recipient: to });
  }

  function listTemplates(response: ServerResponse, version: string, wabaId: string, token: string | null, query: URLSearchParams): void {
    const account = accountOfToken(token);
    if (!account) return invalidToken(response);
    if (account.wabaId !== wabaId) return unknownObject(response, wabaId);
    const all = account.templates ?? [];
    const limit = Math.min(Number(query.get("limit")) || pageSize, pageSize);
    const start = Number(query.get("after") ?? "0") || 0;
    const data = all.slice(start, start + limit).map((template, index) => ({ ...template, id: String(9_000_000 + start + index) }));
    const after = start + data.length;
    const next = new URL(`${baseUrl}/${version}/${wabaId}/message_templates`);
    next.searchParams.set("limit", String(limit));
    next.searchParams.set("after", String(after));
    reply(response, 200, {
      data,
      paging: { cursors: { before: String(start), after: String(after) }, ...(after < all.length ? { next: next.toString() } : {}) },
    });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) graphError(response, 500, "An unexpected error has occurred. Please retry your request later.", 2);
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    sent,
    webhooks,
    failNext(route, answer) {
      failures.set(route, [...(failures.get(route) ?? []), answer]);
    },
    addMedia(mediaId, item) {
      media.set(mediaId, { bytes: item.bytes, mimeType: item.mimeType, wabaId: item.wabaId });
    },
    async close() {
      player.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function routeOf(method: string, parts: string[]): GraphStandInRoute | null {
  if (method === "POST" && parts.length === 2 && parts[0] === "_stand-in" && parts[1] === "media") return "upload";
  if (method === "GET" && parts.length === 2 && parts[0] === "_media") return "download";
  if (parts.length < 2 || !VERSION.test(parts[0]) || !ID.test(parts[1])) return null;
  if (method === "POST" && parts.length === 3 && parts[2] === "messages") return "messages";
  if (method === "GET" && parts.length === 3 && parts[2] === "message_templates") return "templates";
  if (method === "GET" && parts.length === 2) return "media";
  return null;
}

/** Why Graph would refuse this send body, in its own codes: 100 invalid parameter, 132001 unknown template, 132000 wrong parameter count. */
function invalidSend(body: unknown, account: GraphStandInAccount): { message: string; code: number; details?: string } | null {
  const message = (body ?? {}) as Record<string, unknown>;
  if (message.messaging_product !== "whatsapp") return { message: "(#100) The parameter messaging_product is required.", code: 100 };
  if (typeof message.to !== "string" || !/^\d{8,15}$/.test(message.to)) return { message: "(#100) Invalid parameter", code: 100, details: "to must be a phone number in digits" };
  if (message.type === "text") {
    const text = message.text as { body?: unknown } | undefined;
    if (typeof text?.body !== "string" || text.body.length === 0 || text.body.length > 4096) {
      return { message: "(#100) Param text['body'] must be a non-empty string of at most 4096 characters", code: 100 };
    }
    return null;
  }
  if (message.type !== "template") return { message: "(#100) Param type must be one of {TEXT, TEMPLATE}", code: 100 };
  const template = message.template as { name?: unknown; language?: { code?: unknown }; components?: { type?: string; parameters?: unknown[] }[] } | undefined;
  const known = account.templates?.find((item) => item.name === template?.name && item.language === template?.language?.code && item.status === "APPROVED");
  if (!known) return { message: "(#132001) Template name does not exist in the translation", code: 132001, details: `template name (${String(template?.name)}) does not exist in ${String(template?.language?.code)}` };
  const expected = new Set(known.components.flatMap((component) => (component.type === "BODY" ? (component.text ?? "").match(/\{\{\d+\}\}/g) ?? [] : []))).size;
  const given = (template?.components ?? []).find((component) => component.type === "body")?.parameters?.length ?? 0;
  if (expected !== given) return { message: "(#132000) Number of parameters does not match the expected number of params", code: 132000, details: `body: number of localizable_params (${given}) does not match the expected number of params (${expected})` };
  return null;
}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on("end", () => resolve(size > limit ? null : Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    return null;
  }
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

function graphErrorBody(message: string, code: number, type = "OAuthException", details?: string, subcode?: number) {
  return {
    error: {
      message,
      type,
      code,
      ...(subcode === undefined ? {} : { error_subcode: subcode }),
      ...(details === undefined ? {} : { error_data: { messaging_product: "whatsapp", details } }),
      fbtrace_id: randomBytes(9).toString("base64url"),
    },
  };
}

function graphError(response: ServerResponse, status: number, message: string, code: number, details?: string): void {
  reply(response, status, graphErrorBody(message, code, "OAuthException", details));
}

function invalidToken(response: ServerResponse): void {
  reply(response, 401, graphErrorBody("Invalid OAuth access token - Cannot parse access token", 190));
}

function unknownObject(response: ServerResponse, id: string): void {
  const message = `Unsupported request - method type: get/post. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`;
  reply(response, 400, graphErrorBody(message, 100, "GraphMethodException", undefined, 33));
}
