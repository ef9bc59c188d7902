import { beforeEach, describe, expect, it } from "vitest";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { postFrom } from "../security/limits-helpers";
import { alertTexts, countRows, DEMO_PASSWORD, rawRequest, sessionSetCookie, sha256Hex, tokenFromCookie } from "./helpers";

const INVALID = "E-mail ou senha incorretos.";
const RATE_LIMITED = "Muitas tentativas de login. Aguarde 15 minutos e tente novamente.";

describe("login", () => {
  const db = useTestDatabase();
  const server = useTestServer();

  // Every request here comes from 127.0.0.1: keep the per-IP counter from leaking between tests.
  beforeEach(async () => {
    await db.adminQuery("delete from rate_limits.counters");
  });

  async function userId(email: string) {
    const [user] = await db.adminQuery<{ id: string }>("select id from users where email = $1", [email]);
    return user.id;
  }

  const sessionsOf = async (email: string) => countRows(db, "user_sessions", "user_id = $1", [await userId(email)]);

  async function failLogin(client: TestClient, email: string) {
    const response = await client.post("/login", { email, password: "wrong-password" });
    expect(response.status).toBe(401);
    return response;
  }

  it("signs in with the right password and lands on the user's board", async () => {
    const client = new TestClient(server);
    const before = await sessionsOf("rep@aurora.test");
    const response = await client.post("/login", { email: "rep@aurora.test", password: DEMO_PASSWORD });

    expect(response.status).toBe(302);
    expect(response.location).toBe("/o/aurora/board");
    const cookie = sessionSetCookie(response);
    expect(cookie?.value).toMatch(/^\S{20,}$/);
    expect(await sessionsOf("rep@aurora.test")).toBe(before + 1);
    const [{ last_login_at }] = await db.adminQuery<{ last_login_at: Date | null }>(
      "select last_login_at from users where email = 'rep@aurora.test'",
    );
    expect(last_login_at).toBeInstanceOf(Date);

    const board = await client.get("/o/aurora/board");
    expect(board.status).toBe(200);
    expect(board.body).toContain("data-stage-id");
  });

  it("accepts the e-mail in any case and with surrounding spaces", async () => {
    const response = await new TestClient(server).post("/login", { email: "  Owner@Boreal.TEST ", password: DEMO_PASSWORD });
    expect(response.status).toBe(302);
    expect(response.location).toBe("/o/boreal/board");
  });

  it("follows a same-site redirectTo", async () => {
    const client = new TestClient(server);
    const response = await client.post("/login", {
      email: "manager@aurora.test",
      password: DEMO_PASSWORD,
      redirectTo: "/o/aurora/settings/members?tab=invites",
    });
    expect(response.status).toBe(302);
    expect(response.location).toBe("/o/aurora/settings/members?tab=invites");
  });

  it.each([
    "//evil.test",
    "//evil.test/o/aurora/board",
    "https://evil.test",
    "http://evil.test/o/aurora/board",
    "/\\evil.test",
    "/\t/evil.test",
    "/\t\\evil.test",
    "javascript:alert(1)",
    "o/aurora/board",
  ])("ignores the off-site redirectTo %j", async (redirectTo) => {
    const response = await new TestClient(server).post("/login", { email: "rep@aurora.test", password: DEMO_PASSWORD, redirectTo });
    expect(response.status).toBe(302);
    expect(response.location).toBe("/o/aurora/board");
    // Whatever the header says, a browser must resolve it to our own origin.
    expect(new URL(response.location!, server.url).origin).toBe(server.url);
  });

  it("refuses a wrong password and an unknown e-mail with the same generic 401", async () => {
    const before = await countRows(db, "user_sessions");
    const wrongPassword = await new TestClient(server).post("/login", { email: "rep@aurora.test", password: "not-the-password" });
    const unknownEmail = await new TestClient(server).post("/login", { email: "nobody@aurora.test", password: DEMO_PASSWORD });

    for (const response of [wrongPassword, unknownEmail]) {
      expect(response.status).toBe(401);
      expect(alertTexts(response.body)).toEqual([INVALID]);
      expect(sessionSetCookie(response)).toBeUndefined();
    }
    expect(await countRows(db, "user_sessions")).toBe(before);
    // Both count: one account+address bucket each, one shared address bucket, one account bucket each.
    expect(await countRows(db, "rate_limits.counters", "hits > 0")).toBe(5);
  });

  it("answers a malformed form with 400 field errors and does not count it as a failure", async () => {
    const response = await new TestClient(server).post("/login", { email: "not-an-email", password: "" });
    expect(response.status).toBe(400);
    expect(alertTexts(response.body)).toEqual(["Informe um e-mail válido.", "Informe a senha."]);
    expect(await countRows(db, "rate_limits.counters")).toBe(0);
  });

  it("creates a new session and a different cookie at every login", async () => {
    const client = new TestClient(server);
    const before = await sessionsOf("viewer@aurora.test");
    const first = sessionSetCookie(await client.login("viewer@aurora.test"))!;
    const second = sessionSetCookie(await client.login("viewer@aurora.test"))!;
    const third = sessionSetCookie(await new TestClient(server).login("viewer@aurora.test"))!;

    const tokens = [first, second, third].map((cookie) => tokenFromCookie(cookie.value));
    expect(new Set([first.value, second.value, third.value]).size).toBe(3);
    expect(new Set(tokens).size).toBe(3);
    expect(await sessionsOf("viewer@aurora.test")).toBe(before + 3);
    const rows = await db.adminQuery<{ token_hash: string }>("select token_hash from user_sessions where user_id = $1", [
      await userId("viewer@aurora.test"),
    ]);
    for (const token of tokens) expect(rows.map((r) => r.token_hash)).toContain(sha256Hex(token));
  });

  it("sets an HttpOnly, SameSite=Lax, site-wide cookie that is not Secure on 127.0.0.1", async () => {
    const cookie = sessionSetCookie(await new TestClient(server).login("rep@aurora.test"))!;
    expect(cookie.attributes.get("httponly")).toBe(true);
    expect(String(cookie.attributes.get("samesite")).toLowerCase()).toBe("lax");
    expect(cookie.attributes.get("path")).toBe("/");
    // The cookie outlives the 30-day server-side session; the row decides expiry.
    expect(cookie.attributes.get("max-age")).toBe(String(400 * 24 * 60 * 60));
    expect(cookie.attributes.has("secure")).toBe(false);
  });

  it("marks the cookie Secure when served under a real host name", async () => {
    const response = await rawRequest(server, {
      path: "/login",
      headers: { host: "crm.example.com", origin: "http://crm.example.com" },
      form: { email: "rep@aurora.test", password: DEMO_PASSWORD },
    });
    expect(response.status).toBe(302);
    const cookie = sessionSetCookie(response)!;
    expect(cookie.attributes.has("secure")).toBe(true);
    expect(cookie.attributes.get("httponly")).toBe(true);
    expect(String(cookie.attributes.get("samesite")).toLowerCase()).toBe("lax");

    const local = await rawRequest(server, {
      path: "/login",
      headers: { host: "localhost:3000", origin: "http://localhost:3000" },
      form: { email: "rep@aurora.test", password: DEMO_PASSWORD },
    });
    expect(local.status).toBe(302);
    expect(sessionSetCookie(local)!.attributes.has("secure")).toBe(false);
  });

  describe("rate limiting", () => {
    it("locks an account after 5 failures, even for the right password, without affecting others", async () => {
      const client = new TestClient(server);
      const before = await countRows(db, "user_sessions");
      // The account is the normalised e-mail, whatever case the attacker types.
      for (const email of ["rep@aurora.test", "REP@aurora.test", "rep@AURORA.test", " rep@aurora.test", "Rep@Aurora.Test"]) {
        await failLogin(client, email);
      }
      const locked = await client.post("/login", { email: "rep@aurora.test", password: DEMO_PASSWORD });
      expect(locked.status).toBe(429);
      expect(alertTexts(locked.body)).toEqual([RATE_LIMITED]);
      expect(sessionSetCookie(locked)).toBeUndefined();
      expect(await countRows(db, "user_sessions")).toBe(before);

      const other = await new TestClient(server).post("/login", { email: "manager@aurora.test", password: DEMO_PASSWORD });
      expect(other.status).toBe(302);
    });

    it("stays open after 4 failures", async () => {
      const client = new TestClient(server);
      for (let i = 0; i < 4; i++) await failLogin(client, "manager@aurora.test");
      expect((await client.post("/login", { email: "manager@aurora.test", password: DEMO_PASSWORD })).status).toBe(302);
    });

    it("forgets failures older than the 15-minute window", async () => {
      const client = new TestClient(server);
      for (let i = 0; i < 5; i++) await failLogin(client, "viewer@aurora.test");
      expect((await client.post("/login", { email: "viewer@aurora.test", password: DEMO_PASSWORD })).status).toBe(429);

      await db.adminQuery("update rate_limits.counters set window_started_at = window_started_at - interval '16 minutes'");
      expect((await client.post("/login", { email: "viewer@aurora.test", password: DEMO_PASSWORD })).status).toBe(302);
    });

    it("clears an account's failures on a successful login", async () => {
      const client = new TestClient(server);
      for (let i = 0; i < 4; i++) await failLogin(new TestClient(server), "owner@aurora.test");
      expect((await client.post("/login", { email: "owner@aurora.test", password: DEMO_PASSWORD })).status).toBe(302);

      for (let i = 0; i < 4; i++) await failLogin(new TestClient(server), "owner@aurora.test");
      expect((await client.post("/login", { email: "owner@aurora.test", password: DEMO_PASSWORD })).status).toBe(302);
    });

    it("locks an IP out after 30 failures spread over different e-mails", async () => {
      const client = new TestClient(server);
      for (let i = 0; i < 30; i++) await failLogin(client, `ghost-${i}@example.test`);

      const response = await client.post("/login", { email: "owner@boreal.test", password: DEMO_PASSWORD });
      expect(response.status).toBe(429);
      expect(alertTexts(response.body)).toEqual([RATE_LIMITED]);
      expect(sessionSetCookie(response)).toBeUndefined();
    });

    it("does not count failures from other IPs against this one", async () => {
      for (let i = 0; i < 31; i++) {
        await postFrom(server, "127.0.0.2", "/login", { email: `ghost-${i}@example.test`, password: "wrong-password" });
      }
      expect((await postFrom(server, "127.0.0.2", "/login", { email: "owner@boreal.test", password: DEMO_PASSWORD })).status).toBe(429);
      const response = await new TestClient(server).post("/login", { email: "owner@boreal.test", password: DEMO_PASSWORD });
      expect(response.status).toBe(302);
    });
  });
});
