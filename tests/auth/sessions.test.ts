import { describe, expect, it } from "vitest";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { countRows, SESSION_COOKIE, sessionSetCookie, sha256Hex, signedCookieValue, tokenFromCookie } from "./helpers";

const DAY_SECONDS = 24 * 60 * 60;

describe("sessions", () => {
  const db = useTestDatabase();
  const server = useTestServer();

  /** Signs in and returns the client with the raw cookie value and the hash the row should carry. */
  async function signedIn(email = "rep@aurora.test") {
    const client = new TestClient(server);
    await client.login(email);
    const cookie = client.cookies.get(SESSION_COOKIE)!;
    return { client, cookie, tokenHash: sha256Hex(tokenFromCookie(cookie)) };
  }

  function clientWithCookie(value: string) {
    const client = new TestClient(server);
    client.cookies.set(SESSION_COOKIE, value);
    return client;
  }

  const sessionRow = (tokenHash: string) =>
    db.adminQuery<{ id: string; expires_at: Date; last_activity_at: Date }>(
      "select id, expires_at, last_activity_at from user_sessions where token_hash = $1",
      [tokenHash],
    );

  function expectLoginRedirect(location: string | null, redirectTo: string) {
    expect(location).not.toBeNull();
    const url = new URL(location!, server.url);
    expect(url.pathname).toBe("/login");
    expect(url.searchParams.get("redirectTo")).toBe(redirectTo);
  }

  it("logout deletes the session row and clears the cookie; the old cookie no longer works", async () => {
    const { client, cookie, tokenHash } = await signedIn();
    expect(await sessionRow(tokenHash)).toHaveLength(1);

    const response = await client.post("/logout", {});
    expect(response.status).toBe(302);
    expect(response.location).toBe("/login");
    const cleared = sessionSetCookie(response)!;
    expect(cleared.value).toBe("");
    expect(cleared.attributes.get("max-age")).toBe("0");
    expect(client.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await sessionRow(tokenHash)).toHaveLength(0);

    const replay = await clientWithCookie(cookie).get("/o/aurora/board?view=mine");
    expect(replay.status).toBe(302);
    expectLoginRedirect(replay.location, "/o/aurora/board?view=mine");
  });

  it("logout ends only that session, not the user's other ones", async () => {
    const laptop = await signedIn("manager@aurora.test");
    const phone = await signedIn("manager@aurora.test");

    expect((await laptop.client.post("/logout", {})).status).toBe(302);
    expect(await sessionRow(laptop.tokenHash)).toHaveLength(0);
    expect(await sessionRow(phone.tokenHash)).toHaveLength(1);
    expect((await phone.client.get("/o/aurora/board")).status).toBe(200);
  });

  it("does not log out on GET /logout", async () => {
    const { client, tokenHash } = await signedIn();
    const response = await client.get("/logout");
    expect(response.status).toBe(302);
    expect(sessionSetCookie(response)).toBeUndefined();
    expect(await sessionRow(tokenHash)).toHaveLength(1);
    expect((await client.get("/o/aurora/board")).status).toBe(200);
  });

  it("sends a visitor without a session to login, keeping where they were going", async () => {
    const response = await new TestClient(server).get("/o/aurora/settings/members");
    expect(response.status).toBe(302);
    expectLoginRedirect(response.location, "/o/aurora/settings/members");
  });

  it("refuses an expired session and deletes its row", async () => {
    const { client, tokenHash } = await signedIn();
    await db.adminQuery("update user_sessions set expires_at = now() - interval '1 minute' where token_hash = $1", [tokenHash]);

    const response = await client.get("/o/aurora/board");
    expect(response.status).toBe(302);
    expectLoginRedirect(response.location, "/o/aurora/board");
    expect(await sessionRow(tokenHash)).toHaveLength(0);
  });

  it("refuses the session of a deactivated user", async () => {
    const { client, tokenHash } = await signedIn("viewer@aurora.test");
    await db.adminQuery("update users set is_active = false where email = 'viewer@aurora.test'");
    try {
      const response = await client.get("/o/aurora/board");
      expect(response.status).toBe(302);
      expectLoginRedirect(response.location, "/o/aurora/board");
    } finally {
      await db.adminQuery("update users set is_active = true where email = 'viewer@aurora.test'");
    }
    expect(await sessionRow(tokenHash)).toHaveLength(1);
  });

  it("slides the expiry 30 days ahead on activity after a day", async () => {
    const { client, tokenHash } = await signedIn();
    await db.adminQuery(
      "update user_sessions set last_activity_at = now() - interval '2 days', expires_at = now() + interval '1 hour' where token_hash = $1",
      [tokenHash],
    );

    expect((await client.get("/o/aurora/board")).status).toBe(200);
    const [row] = await db.adminQuery<{ expires_in: number; idle_for: number }>(
      `select extract(epoch from expires_at - now())::float8 as expires_in,
              extract(epoch from now() - last_activity_at)::float8 as idle_for
         from user_sessions where token_hash = $1`,
      [tokenHash],
    );
    expect(row.expires_in).toBeGreaterThan(30 * DAY_SECONDS - 10 * 60);
    expect(row.expires_in).toBeLessThanOrEqual(30 * DAY_SECONDS + 60);
    expect(row.idle_for).toBeLessThan(10 * 60);
  });

  it("does not touch the row for activity within a day", async () => {
    const { client, tokenHash } = await signedIn();
    await db.adminQuery(
      "update user_sessions set last_activity_at = now() - interval '1 hour', expires_at = now() + interval '10 days' where token_hash = $1",
      [tokenHash],
    );
    const [before] = await sessionRow(tokenHash);

    expect((await client.get("/o/aurora/board")).status).toBe(200);
    const [after] = await sessionRow(tokenHash);
    expect(after.expires_at.getTime()).toBe(before.expires_at.getTime());
    expect(after.last_activity_at.getTime()).toBe(before.last_activity_at.getTime());
  });

  it("refuses a cookie whose signature was tampered with", async () => {
    const { cookie, tokenHash } = await signedIn();
    const decoded = decodeURIComponent(cookie);
    const dot = decoded.lastIndexOf(".");
    const signature = decoded.slice(dot + 1);
    const flipped = (signature[0] === "A" ? "B" : "A") + signature.slice(1);
    const tampered = encodeURIComponent(`${decoded.slice(0, dot)}.${flipped}`);

    const response = await clientWithCookie(tampered).get("/o/aurora/board");
    expect(response.status).toBe(302);
    expectLoginRedirect(response.location, "/o/aurora/board");
    // The genuine cookie still works: the refusal was about the signature.
    expect((await clientWithCookie(cookie).get("/o/aurora/board")).status).toBe(200);
    expect(await sessionRow(tokenHash)).toHaveLength(1);
  });

  it("refuses the bare token without the signature", async () => {
    const { cookie } = await signedIn();
    const response = await clientWithCookie(encodeURIComponent(tokenFromCookie(cookie))).get("/o/aurora/board");
    expect(response.status).toBe(302);
    expectLoginRedirect(response.location, "/o/aurora/board");
  });

  it("stores only the SHA-256 of the token, so a leaked row cannot be replayed", async () => {
    const { cookie, tokenHash } = await signedIn("owner@aurora.test");
    const token = tokenFromCookie(cookie);
    expect(token.length).toBeGreaterThanOrEqual(32);

    const [row] = await db.adminQuery<{ token_hash: string }>(
      "select s.token_hash from user_sessions s join users u on u.id = s.user_id where u.email = 'owner@aurora.test'",
    );
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).toBe(tokenHash);
    expect(
      await countRows(db, "user_sessions", "strpos(row_to_json(user_sessions)::text, $1) > 0", [token]),
    ).toBe(0);

    // Even signed with the real secret, the stored hash is not a usable token.
    const forged = await signedCookieValue(row.token_hash);
    const response = await clientWithCookie(forged).get("/o/aurora/board");
    expect(response.status).toBe(302);
    expectLoginRedirect(response.location, "/o/aurora/board");
    // …whereas the same signing of the real token is (the forgery was well-formed).
    expect((await clientWithCookie(await signedCookieValue(token)).get("/o/aurora/board")).status).toBe(200);
  });
});
