import { createHash } from "node:crypto";
import http from "node:http";
import { createCookie } from "@remix-run/node";
import type { TestResponse } from "../support/client";
import { TEST_SECRETS } from "../support/cluster";
import type { TestDatabase } from "../support/database";
import type { TestServer } from "../support/server";

/** The password of every seeded demo account. */
export const DEMO_PASSWORD = "aurora-demo-2026";

export const SESSION_COOKIE = "__session";

export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names lower-cased; flags (HttpOnly, Secure) map to `true`. */
  attributes: Map<string, string | true>;
}

export function parseSetCookie(header: string): SetCookie {
  const [pair, ...rest] = header.split(";");
  const separator = pair.indexOf("=");
  const attributes = new Map<string, string | true>();
  for (const attribute of rest) {
    const [key, ...value] = attribute.trim().split("=");
    if (key) attributes.set(key.toLowerCase(), value.length ? value.join("=") : true);
  }
  return { name: pair.slice(0, separator).trim(), value: pair.slice(separator + 1).trim(), attributes };
}

/** The `__session` Set-Cookie of a response, if it set one. */
export function sessionSetCookie(response: Pick<TestResponse, "headers"> | { setCookies: string[] }) {
  const headers = "setCookies" in response ? response.setCookies : response.headers.getSetCookie();
  return headers.map(parseSetCookie).find((cookie) => cookie.name === SESSION_COOKIE);
}

/** The random token inside a signed session cookie value (`base64(JSON).signature`, URL-encoded). */
export function tokenFromCookie(cookieValue: string): string {
  const decoded = decodeURIComponent(cookieValue);
  const payload = decoded.slice(0, decoded.lastIndexOf("."));
  const token: unknown = JSON.parse(Buffer.from(payload, "base64").toString("utf8"));
  if (typeof token !== "string") throw new Error(`unexpected session cookie payload: ${String(token)}`);
  return token;
}

/** A session cookie value correctly signed with the test secret, carrying whatever we choose. */
export async function signedCookieValue(value: string) {
  const cookie = createCookie(SESSION_COOKIE, { secrets: [TEST_SECRETS.SESSION_SECRET] });
  return parseSetCookie(await cookie.serialize(value)).value;
}

export function sha256Hex(text: string) {
  return createHash("sha256").update(text).digest("hex");
}

export async function countRows(db: TestDatabase, table: string, where = "true", params: unknown[] = []) {
  const [{ count }] = await db.adminQuery<{ count: string }>(`select count(*) from ${table} where ${where}`, params);
  return Number(count);
}

const CREATED_BY_SIGN_UP_OR_LOGIN = ["users", "organizations", "organization_members", "pipeline_stages", "user_sessions"];

/** Row counts of the tables sign-up and login write to, to assert that nothing was created. */
export async function tableCounts(db: TestDatabase) {
  const counts: Record<string, number> = {};
  for (const table of CREATED_BY_SIGN_UP_OR_LOGIN) counts[table] = await countRows(db, table);
  return counts;
}

export interface RawResponse {
  status: number;
  location: string | null;
  retryAfter: string | null;
  setCookies: string[];
  body: string;
}

/**
 * A request with full control over the headers, Host included (fetch always
 * sends the real host), for what a reverse proxy or a custom domain would send.
 */
export function rawRequest(
  server: TestServer,
  options: { method?: string; path: string; headers?: Record<string, string>; form?: Record<string, string>; localAddress?: string },
): Promise<RawResponse> {
  const url = new URL(server.url);
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  const headers: Record<string, string> = { ...options.headers };
  if (body !== undefined) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    headers["content-length"] = String(Buffer.byteLength(body));
  }
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, localAddress: options.localAddress, method: options.method ?? (body ? "POST" : "GET"), path: options.path, headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            location: response.headers.location ?? null,
            retryAfter: (response.headers["retry-after"] as string | undefined) ?? null,
            setCookies: response.headers["set-cookie"] ?? [],
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** The text of the form-level alert (`<p role="alert" …>message</p>`) of an auth page. */
export function alertTexts(html: string) {
  return [...html.matchAll(/<p[^>]*role="alert"[^>]*>(.*?)<\/p>/gs)].map((match) => match[1].replace(/<[^>]+>/g, ""));
}
