import { Logger, type JobHelpers } from "graphile-worker";
import { beforeEach, describe, expect, it } from "vitest";
import { sessionPurgeExpired } from "@worker/tasks/session__purge_expired";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { alertTexts, countRows, DEMO_PASSWORD, sessionSetCookie, tableCounts } from "../auth/helpers";
import { postFrom } from "./limits-helpers";

const EMAIL_TOO_LONG = "O e-mail pode ter no máximo 254 caracteres.";
const PASSWORD_TOO_LONG = "A senha pode ter no máximo 128 caracteres.";
const NAME_TOO_LONG = "O nome pode ter no máximo 120 caracteres.";

describe("login, sign-up and rate limits", () => {
  const db = useTestDatabase();
  const server = useTestServer();

  // Every test here posts from loopback addresses: start each from empty counters.
  beforeEach(async () => {
    await db.adminQuery("delete from rate_limits.counters");
  });

  const longEmail = `${"a".repeat(290)}@example.test`;

  describe("over-long input", () => {
    it("refuses a 300-character e-mail at login with a field error, never a 500", async () => {
      const response = await new TestClient(server).post("/login", { email: longEmail, password: "whatever-password" });
      expect(response.status).toBe(400);
      expect(alertTexts(response.body)).toEqual([EMAIL_TOO_LONG]);
      expect(sessionSetCookie(response)).toBeUndefined();
    });

    it("refuses a huge password at login before hashing it", async () => {
      const response = await new TestClient(server).post("/login", { email: "rep@aurora.test", password: "x".repeat(10_000) }); // over the 128 limit, under the 64 KiB body cap
      expect(response.status).toBe(400);
      expect(alertTexts(response.body)).toEqual([PASSWORD_TOO_LONG]);
      // Not counted as a failure: the owner's next login from this address still works.
      expect((await new TestClient(server).post("/login", { email: "rep@aurora.test", password: DEMO_PASSWORD })).status).toBe(302);
    });

    it("refuses over-long sign-up fields with field errors and creates nothing", async () => {
      const before = await tableCounts(db);
      const response = await new TestClient(server).post("/signup", {
        name: "N".repeat(121),
        email: longEmail,
        password: "p".repeat(10_000),
        organization: "O".repeat(121),
      });
      expect(response.status).toBe(400);
      expect(alertTexts(response.body)).toEqual([NAME_TOO_LONG, EMAIL_TOO_LONG, "A senha pode ter no máximo 128 caracteres.", NAME_TOO_LONG]);
      expect(await tableCounts(db)).toEqual(before);
    });

    it("words the length error in the reader's language", async () => {
      const client = new TestClient(server);
      const response = await client.request("/login", {
        form: { email: longEmail, password: "whatever-password" },
        headers: { "accept-language": "en" },
      });
      expect(response.status).toBe(400);
      expect(alertTexts(response.body)).toEqual(["The email can have at most 254 characters."]);
    });
  });

  describe("login", () => {
    it("lets at most 5 of 20 parallel wrong passwords be checked; the rest get 429 with Retry-After", async () => {
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => postFrom(server, "127.0.0.1", "/login", { email: "manager@aurora.test", password: "wrong-password" })),
      );
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(15);
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
      for (const refused of responses.filter((r) => r.status === 429)) {
        expect(Number(refused.retryAfter)).toBeGreaterThan(0);
        expect(Number(refused.retryAfter)).toBeLessThanOrEqual(15 * 60);
        expect(alertTexts(refused.body)).toEqual(["Muitas tentativas de login. Aguarde 15 minutos e tente novamente."]);
      }
      // Locked from this address, right password or not.
      expect((await postFrom(server, "127.0.0.1", "/login", { email: "manager@aurora.test", password: DEMO_PASSWORD })).status).toBe(429);
    });

    it("does not let a stranger failing from another address lock the owner out of theirs", async () => {
      const stranger = [];
      for (let i = 0; i < 12; i++) {
        stranger.push((await postFrom(server, "127.0.0.2", "/login", { email: "owner@boreal.test", password: `guess-${i}` })).status);
      }
      expect(stranger.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(stranger.slice(5).every((s) => s === 429)).toBe(true);

      const owner = await postFrom(server, "127.0.0.1", "/login", { email: "owner@boreal.test", password: DEMO_PASSWORD });
      expect(owner.status).toBe(302);
      expect(owner.location).toBe("/o/boreal/board");
    });

    it("keeps the counters where the app role cannot read them", async () => {
      await new TestClient(server).post("/login", { email: "viewer@aurora.test", password: "wrong-password" });
      const pg = await import("pg");
      const client = new pg.default.Client({ connectionString: db.appUrl });
      await client.connect();
      try {
        await expect(client.query("select * from rate_limits.counters")).rejects.toThrow(/permission denied/);
      } finally {
        await client.end();
      }
      const rows = await db.adminQuery<{ key: string }>("select key from rate_limits.counters");
      expect(rows.length).toBeGreaterThan(0);
      // Keys are hashes: no e-mail or address stored in clear.
      for (const row of rows) expect(row.key).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  it("drops counters whose window has passed in the hourly purge, keeping live ones", async () => {
    await new TestClient(server).post("/login", { email: "viewer@aurora.test", password: "wrong-password" });
    const live = await countRows(db, "rate_limits.counters");
    expect(live).toBe(3);
    await db.adminQuery(
      "insert into rate_limits.counters (key, window_started_at, window_seconds, hits) values ('expired', now() - interval '2 hours', 3600, 4)",
    );
    await sessionPurgeExpired({}, { logger: new Logger(() => () => {}) } as unknown as JobHelpers);
    expect(await countRows(db, "rate_limits.counters")).toBe(live);
    expect(await countRows(db, "rate_limits.counters", "key = 'expired'")).toBe(0);
  });

  describe("sign-up", () => {
    it("answers 429 with Retry-After once an address has signed up 20 times in an hour", async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        const response = await postFrom(server, "127.0.0.3", "/signup", {
          name: "Flood Person",
          email: `flood-${i}@example.test`,
          password: "flood-password",
          organization: `Flood ${i}`,
        });
        statuses.push(response.status);
      }
      expect(statuses.every((s) => s === 302)).toBe(true);
      const before = await tableCounts(db);

      const refused = await postFrom(server, "127.0.0.3", "/signup", {
        name: "Flood Person",
        email: "flood-21@example.test",
        password: "flood-password",
        organization: "Flood 21",
      });
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      expect(alertTexts(refused.body)).toEqual([expect.stringMatching(/^Muitas tentativas\. Aguarde \d+ minutos? e tente novamente\.$/)]);
      expect(await tableCounts(db)).toEqual(before);

      // Another address is not affected.
      const other = await postFrom(server, "127.0.0.4", "/signup", {
        name: "Other Person",
        email: "other@example.test",
        password: "other-password",
        organization: "Other",
      });
      expect(other.status).toBe(302);
    });
  });

  describe("presence", () => {
    it("answers 429 with Retry-After past 120 posts a minute from one session", async () => {
      const client = new TestClient(server);
      await client.login("rep@aurora.test");
      const leadId = "00000000-0000-4000-8000-000000000000";
      const statuses: number[] = [];
      for (let i = 0; i < 120; i++) {
        statuses.push((await client.post("/o/aurora/presence", { intent: "heartbeat", leadId })).status);
      }
      expect(statuses).not.toContain(429);
      const refused = await client.request("/o/aurora/presence", { form: { intent: "heartbeat", leadId } });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(JSON.parse(refused.body)).toMatchObject({ ok: false, error: "rate_limited" });

      // Another session of the same person has its own allowance.
      const other = new TestClient(server);
      await other.login("rep@aurora.test");
      expect((await other.post("/o/aurora/presence", { intent: "heartbeat", leadId })).status).not.toBe(429);
    });
  });
});
