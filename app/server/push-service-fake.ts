/**
 * A loopback push service (RFC 8030) for tests: Chromium cannot reach a real
 * one here, so the app's pushes come to this instead. It checks the VAPID
 * header as a push service must (RFC 8292) and keeps the encrypted bodies for
 * the test to decrypt with the subscription's keys. It speaks HTTPS because
 * `web-push` only sends over HTTPS; its certificate is self-signed for
 * 127.0.0.1, so senders pass `agent` (which trusts it) to `sendNotification`.
 */
import { execFileSync } from "node:child_process";
import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Agent, createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

// RFC 8292 §2: a push service may refuse an expiry further than 24 hours away.
const MAX_EXPIRY_SECONDS = 24 * 60 * 60;
const URGENCIES = ["very-low", "low", "normal", "high"];

export type ReceivedPush = {
  subscriptionId: string;
  headers: Record<string, string>;
  body: Buffer;
  ttl: number;
  urgency: string;
  /** The verified VAPID claims. */
  vapid: { aud: string; exp: number; sub: string; publicKey: string };
};

export type RefusedPush = { subscriptionId: string; status: number; reason: string };

export type PushServiceFake = {
  /** The origin every endpoint starts with: the JWT's `aud` must be exactly this. */
  origin: string;
  /** An agent that trusts the fake's certificate, for `sendNotification`'s `agent` option. */
  agent: Agent;
  /** A fresh endpoint, as the browser's push service would hand out on subscribe. */
  newEndpoint(): string;
  received: ReceivedPush[];
  refused: RefusedPush[];
  /** From now on this subscription answers 404 or 410, as if the person unsubscribed. */
  markGone(endpoint: string, status?: 404 | 410): void;
  /** The next push to any subscription answers 429 with this Retry-After. */
  throttleNext(retryAfterSeconds: number): void;
  close(): Promise<void>;
};

type Claims = { aud?: unknown; exp?: unknown; sub?: unknown };

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// node:crypto cannot issue certificates, so openssl makes a throwaway one per fake.
function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(path.join(tmpdir(), "push-service-fake-"));
  try {
    const keyFile = path.join(dir, "key.pem");
    const certFile = path.join(dir, "cert.pem");
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"]
        .concat(["-keyout", keyFile, "-out", certFile, "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]),
      { stdio: "ignore" },
    );
    return { key: readFileSync(keyFile), cert: readFileSync(certFile) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers[name] = value;
  }
  return headers;
}

function publicKeyFromRaw(raw: Buffer): KeyObject {
  if (raw.length !== 65 || raw[0] !== 0x04) throw new Refusal(401, "k is not an uncompressed P-256 point");
  return createPublicKey({
    key: { kty: "EC", crv: "P-256", x: raw.subarray(1, 33).toString("base64url"), y: raw.subarray(33).toString("base64url") },
    format: "jwk",
  });
}

function verifyVapid(authorization: string | undefined, origin: string, nowSeconds: number): ReceivedPush["vapid"] {
  const match = /^vapid\s+(.+)$/i.exec(authorization ?? "");
  if (!match) throw new Refusal(401, "no vapid authorization");
  const params = Object.fromEntries(
    match[1].split(",").map((part) => {
      const [name, ...rest] = part.trim().split("=");
      return [name.trim().toLowerCase(), rest.join("=").trim()];
    }),
  );
  const token = params.t;
  const publicKey = params.k;
  if (!token || !publicKey) throw new Refusal(401, "vapid needs t and k");
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || !signature) throw new Refusal(401, "t is not a JWT");
  const alg = (JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: unknown }).alg;
  if (alg !== "ES256") throw new Refusal(401, "JWT is not ES256");
  const signed = verify(
    "sha256",
    Buffer.from(`${header}.${payload}`),
    { key: publicKeyFromRaw(Buffer.from(publicKey, "base64url")), dsaEncoding: "ieee-p1363" },
    Buffer.from(signature, "base64url"),
  );
  if (!signed) throw new Refusal(403, "JWT signature does not match k");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Claims;
  if (claims.aud !== origin) throw new Refusal(403, `aud is not ${origin}`);
  if (typeof claims.exp !== "number" || claims.exp <= nowSeconds) throw new Refusal(403, "JWT expired");
  if (claims.exp > nowSeconds + MAX_EXPIRY_SECONDS) throw new Refusal(403, "exp more than 24 hours ahead");
  if (typeof claims.sub !== "string" || !/^(mailto:|https:)/.test(claims.sub)) throw new Refusal(403, "sub is not mailto: or https:");
  return { aud: claims.aud, exp: claims.exp, sub: claims.sub, publicKey };
}

export async function startPushServiceFake(): Promise<PushServiceFake> {
  const received: ReceivedPush[] = [];
  const refused: RefusedPush[] = [];
  const gone = new Map<string, 404 | 410>();
  const throttles: number[] = [];
  let nextId = 0;
  let nextMessage = 0;

  function answer(res: ServerResponse, status: number, headers: Record<string, string> = {}, text = "") {
    res.writeHead(status, { "content-type": "text/plain", ...headers });
    res.end(text);
  }

  function handle(req: IncomingMessage, body: Buffer, res: ServerResponse) {
    const match = /^\/push\/([\w-]+)$/.exec(req.url ?? "");
    if (req.method !== "POST" || !match) return answer(res, 404, {}, "not a push endpoint");
    const subscriptionId = match[1];
    try {
      const vapid = verifyVapid(req.headers.authorization, fake.origin, Math.floor(Date.now() / 1000));
      const ttl = Number(req.headers.ttl);
      if (req.headers.ttl === undefined || !Number.isInteger(ttl) || ttl < 0) throw new Refusal(400, "TTL must be a whole number of seconds");
      if (body.length > 0 && req.headers["content-encoding"] !== "aes128gcm") throw new Refusal(415, "content-encoding must be aes128gcm");
      const goneStatus = gone.get(subscriptionId);
      if (goneStatus) throw new Refusal(goneStatus, "subscription gone");
      const retryAfter = throttles.shift();
      if (retryAfter !== undefined) return answer(res, 429, { "retry-after": String(retryAfter) }, "too many requests");
      const headers = headersOf(req);
      const urgency = headers.urgency ?? "normal";
      if (!URGENCIES.includes(urgency)) throw new Refusal(400, `urgency ${urgency} is not one of RFC 8030's`);
      received.push({ subscriptionId, headers, body, ttl, urgency, vapid });
      nextMessage += 1;
      answer(res, 201, { location: `${fake.origin}/message/${nextMessage}`, ttl: String(ttl) });
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      refused.push({ subscriptionId, status: error.status, reason: error.message });
      answer(res, error.status, {}, error.message);
    }
  }

  const tls = selfSignedCertificate();
  const server = createServer(tls, (req, res) => {
    readBody(req)
      .then((body) => handle(req, body, res))
      .catch((error: unknown) => answer(res, 500, {}, String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const fake: PushServiceFake = {
    origin: `https://127.0.0.1:${port}`,
    agent: new Agent({ ca: tls.cert }),
    newEndpoint: () => {
      nextId += 1;
      return `${fake.origin}/push/sub-${nextId}`;
    },
    received,
    refused,
    markGone: (endpoint, status = 410) => {
      gone.set(new URL(endpoint).pathname.replace(/^\/push\//, ""), status);
    },
    throttleNext: (retryAfterSeconds) => {
      throttles.push(retryAfterSeconds);
    },
    close: async () => {
      fake.agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
