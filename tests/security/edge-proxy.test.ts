import { afterEach, describe, expect, it, vi } from "vitest";
import { getEnv, resetEnv } from "~/utils/env.server";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { TEST_SECRETS } from "../support/cluster";
import { DEMO_PASSWORD } from "../auth/helpers";
import { send } from "./edge-support";

describe("TRUST_PROXY", () => {
  function parse(value: string) {
    vi.stubEnv("DATABASE_URL", "postgres://app@db/loved");
    vi.stubEnv("SESSION_SECRET", TEST_SECRETS.SESSION_SECRET);
    vi.stubEnv("ENCRYPTION_KEY", TEST_SECRETS.ENCRYPTION_KEY);
    vi.stubEnv("TRUST_PROXY", value);
    resetEnv();
    return getEnv().TRUST_PROXY;
  }
  afterEach(() => {
    vi.unstubAllEnvs();
    resetEnv();
  });

  it("takes false, a hop count, or a list of proxy addresses and CIDRs", () => {
    expect(parse("false")).toBe(false);
    expect(parse("1")).toBe(1);
    expect(parse("10.0.0.0/8, 127.0.0.1,fd00::/8")).toEqual(["10.0.0.0/8", "127.0.0.1", "fd00::/8"]);
    expect(parse("loopback,uniquelocal")).toEqual(["loopback", "uniquelocal"]);
  });

  it("refuses true, saying what to set instead", () => {
    expect(() => parse("true")).toThrow(/TRUST_PROXY: .*number of proxies.*addresses/);
  });

  it.each(["yes", "10.0.0.0/33", "10.0.0.1/8/8", "crm.example.com", "1.5"])("refuses %s", (value) => {
    expect(() => parse(value)).toThrow(/TRUST_PROXY/);
  });
});

describe("the client address over HTTP", () => {
  const db = useTestDatabase();

  async function loginFrom(server: { url: string }, email: string, forwardedFor: string) {
    const answer = await send(server, {
      method: "POST",
      path: "/login",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": forwardedFor },
      body: new URLSearchParams({ email, password: DEMO_PASSWORD }).toString(),
    });
    const [session] = await db.adminQuery<{ ip_address: string }>(
      "select s.ip_address from user_sessions s join users u on u.id = s.user_id where u.email = $1 order by s.created_at desc limit 1",
      [email],
    );
    return { status: answer.status, ip: session?.ip_address };
  }

  describe("client address with TRUST_PROXY=1", () => {
    const server = useTestServer({ trustProxy: 1 });

    it("is the last hop; leading entries a client wrote are ignored", async () => {
      expect(await loginFrom(server, "owner@aurora.test", "6.6.6.6, 203.0.113.7")).toEqual({ status: 302, ip: "203.0.113.7" });
    });

    it("survives a 10 KB X-Forwarded-For that is no address", async () => {
      expect(await loginFrom(server, "manager@aurora.test", "x".repeat(10_000))).toEqual({ status: 302, ip: "127.0.0.1" });
      const list = await loginFrom(server, "rep@aurora.test", Array.from({ length: 1000 }, (_, i) => `10.0.${i % 250}.1`).join(",") + ",junk");
      expect(list).toEqual({ status: 302, ip: "127.0.0.1" });
    });
  });

  describe("client address with a list of trusted proxies", () => {
    const server = useTestServer({ trustProxy: ["127.0.0.1"] });

    it("is the first untrusted hop from the right", async () => {
      expect(await loginFrom(server, "viewer@aurora.test", "6.6.6.6, 198.51.100.9")).toEqual({ status: 302, ip: "198.51.100.9" });
    });
  });
});
