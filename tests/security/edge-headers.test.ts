import { describe, expect, it } from "vitest";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { DEMO_PASSWORD } from "../auth/helpers";
import { send } from "./edge-support";

const LOGIN = new URLSearchParams({ email: "rep@aurora.test", password: DEMO_PASSWORD }).toString();
const FORM = { "content-type": "application/x-www-form-urlencoded" };

function scriptNonce(policy: string | null) {
  const match = policy?.match(/script-src 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/);
  if (!match) throw new Error(`no script nonce in ${policy}`);
  return match[1];
}

function scriptTags(html: string) {
  return [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
}

describe("response headers and the origin check", () => {
  useTestDatabase();

  describe("Content-Security-Policy", () => {
    const server = useTestServer();

    it.each([
      ["the login page", null],
      ["the board", "manager@aurora.test"],
    ])("puts this response's nonce on every script of %s", async (_label, person) => {
      const client = new TestClient(server);
      if (person) await client.login(person);
      const path = person ? "/o/aurora/board" : "/login";
      const first = await client.get(path);
      const second = await client.get(path);

      const policy = first.headers.get("content-security-policy")!;
      for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'", "connect-src 'self'"]) {
        expect(policy).toContain(directive);
      }
      const nonce = scriptNonce(policy);
      const scripts = scriptTags(first.body);
      expect(scripts.length).toBeGreaterThan(1);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
      expect(scriptNonce(second.headers.get("content-security-policy"))).not.toBe(nonce);
    });
  });

  describe("Origin check", () => {
    const server = useTestServer();

    it("refuses an https:// Origin on a request that arrived over http", async () => {
      const answer = await send(server, { method: "POST", path: "/login", headers: { ...FORM, host: "crm.example.com", origin: "https://crm.example.com" }, body: LOGIN });
      expect(answer.status).toBe(403);
    });

    it("refuses the same host on another port", async () => {
      const answer = await send(server, { method: "POST", path: "/login", headers: { ...FORM, host: "crm.example.com", origin: "http://crm.example.com:8080" }, body: LOGIN });
      expect(answer.status).toBe(403);
    });

    it("ignores X-Forwarded-Host and -Proto when no proxy is trusted", async () => {
      const answer = await send(server, {
        method: "POST",
        path: "/login",
        headers: { ...FORM, host: "crm.example.com", "x-forwarded-host": "evil.test", "x-forwarded-proto": "https", origin: "https://evil.test" },
        body: LOGIN,
      });
      expect(answer.status).toBe(403);
    });

    it("accepts the exact scheme, host and port", async () => {
      const answer = await send(server, { method: "POST", path: "/login", headers: { ...FORM, host: "crm.example.com", origin: "http://crm.example.com" }, body: LOGIN });
      expect(answer.status).toBe(302);
    });
  });

  describe("behind a trusted proxy", () => {
    const server = useTestServer({ trustProxy: ["127.0.0.1"] });

    it("accepts the public https origin the proxy reports", async () => {
      const answer = await send(server, {
        method: "POST",
        path: "/login",
        headers: { ...FORM, host: "10.0.0.7:3000", "x-forwarded-host": "crm.example.com", "x-forwarded-proto": "https", origin: "https://crm.example.com" },
        body: LOGIN,
      });
      expect(answer.status).toBe(302);
    });

    it("sends HSTS only when the request arrived over HTTPS", async () => {
      const secure = await send(server, { path: "/login", headers: { "x-forwarded-proto": "https" } });
      expect(secure.headers["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
      const plain = await send(server, { path: "/login" });
      expect(plain.headers["strict-transport-security"]).toBeUndefined();
    });
  });

  describe("behind a proxy that is not this peer", () => {
    const server = useTestServer({ trustProxy: ["10.0.0.1"] });

    it("neither believes a forwarded https nor a forwarded host from an untrusted peer", async () => {
      const answer = await send(server, {
        method: "POST",
        path: "/login",
        headers: { ...FORM, host: "crm.example.com", "x-forwarded-host": "evil.test", "x-forwarded-proto": "https", origin: "https://evil.test" },
        body: LOGIN,
      });
      expect(answer.status).toBe(403);
      expect(answer.headers["strict-transport-security"]).toBeUndefined();
    });
  });
});
