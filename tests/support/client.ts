import type { TestServer } from "./server";

export interface TestResponse {
  status: number;
  location: string | null;
  body: string;
  headers: Headers;
}

/**
 * A browser-like HTTP client: keeps the session cookie, sends a same-origin
 * Origin header on posts (override with `origin`), never follows redirects so
 * tests can assert them.
 */
export class TestClient {
  cookies = new Map<string, string>();

  constructor(private readonly server: TestServer) {}

  get cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  async request(
    path: string,
    init: { method?: string; form?: Record<string, string>; body?: string; origin?: string | null; headers?: Record<string, string> } = {},
  ) {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", this.cookieHeader);
    let body: URLSearchParams | string | undefined = init.body;
    const method = init.method ?? (init.form ? "POST" : "GET");
    if (init.form) {
      body = new URLSearchParams(init.form);
      headers.set("content-type", "application/x-www-form-urlencoded");
    }
    if (method !== "GET" && init.origin !== null) headers.set("origin", init.origin ?? this.server.url);
    const response = await fetch(this.server.url + path, { method, headers, body, redirect: "manual" });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(";");
      const [name, ...rest] = pair.split("=");
      const value = rest.join("=");
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
      if (expired) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    return {
      status: response.status,
      location: response.headers.get("location"),
      body: await response.text(),
      headers: response.headers,
    } satisfies TestResponse;
  }

  get(path: string) {
    return this.request(path);
  }

  post(path: string, form: Record<string, string>, options: { origin?: string | null } = {}) {
    return this.request(path, { form, origin: options.origin });
  }

  async login(email: string, password = "aurora-demo-2026") {
    const response = await this.post("/login", { email, password });
    if (response.status !== 302) throw new Error(`login as ${email} failed: ${response.status} ${response.body.slice(0, 200)}`);
    return response;
  }
}

/** The seed's people, one per role, plus boreal's owner (the outsider). */
export const DEMO_CAST = {
  owner: "owner@aurora.test",
  manager: "manager@aurora.test",
  rep: "rep@aurora.test",
  viewer: "viewer@aurora.test",
  boreal: "owner@boreal.test",
} as const;
export type DemoPerson = keyof typeof DEMO_CAST;

/** Signs every person of the demo cast in, each with their own client. */
export async function signInDemoCast(server: TestServer) {
  const clients = {} as Record<DemoPerson, TestClient>;
  for (const [name, email] of Object.entries(DEMO_CAST) as [DemoPerson, string][]) {
    clients[name] = new TestClient(server);
    await clients[name].login(email);
  }
  return clients;
}

/**
 * A page's HTML with what legitimately differs between two responses masked:
 * the organization slug it was asked for, and the per-response CSP nonce.
 * Two 404s compared this way must be identical to the byte.
 */
export function comparablePage(body: string, slug: string) {
  return body.replaceAll(slug, "SLUG").replace(/nonce="[^"]*"/g, 'nonce=""');
}

/**
 * The markup a reader sees, without scripts: the root loader ships the page's
 * whole message catalogue, so any interface text also stands in the script
 * data, shown or not. Leak checks keep reading the whole body.
 */
export function markupOf(body: string) {
  return body.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, "");
}
