import { describe, expect, it } from "vitest";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { countRows, DEMO_PASSWORD, rawRequest, SESSION_COOKIE, sessionSetCookie, sha256Hex, tableCounts, tokenFromCookie } from "../auth/helpers";

const REFUSED = "Requisição de outro site recusada.";
const CREDENTIALS = { email: "rep@aurora.test", password: DEMO_PASSWORD };

describe("cross-site write protection", () => {
  const db = useTestDatabase();
  const server = useTestServer();

  async function signedIn() {
    const client = new TestClient(server);
    await client.login("manager@aurora.test");
    const tokenHash = sha256Hex(tokenFromCookie(client.cookies.get(SESSION_COOKIE)!));
    return { client, tokenHash };
  }

  const sessionExists = async (tokenHash: string) => (await countRows(db, "user_sessions", "token_hash = $1", [tokenHash])) === 1;

  it("refuses a login posted from another origin and creates no session", async () => {
    const before = await tableCounts(db);
    const response = await new TestClient(server).post("/login", CREDENTIALS, { origin: "http://evil.test" });

    expect(response.status).toBe(403);
    expect(response.body).toBe(REFUSED);
    expect(sessionSetCookie(response)).toBeUndefined();
    expect(await tableCounts(db)).toEqual(before);
  });

  it("says so in the visitor's language", async () => {
    const response = await new TestClient(server).request("/login", {
      form: CREDENTIALS,
      origin: "http://evil.test",
      headers: { "accept-language": "en-US,en;q=0.9" },
    });

    expect(response.status).toBe(403);
    expect(response.body).toBe("Cross-site request refused.");
  });

  it("refuses a logout posted from another origin and keeps the user signed in", async () => {
    const { client, tokenHash } = await signedIn();
    const response = await client.post("/logout", {}, { origin: "http://evil.test" });

    expect(response.status).toBe(403);
    expect(sessionSetCookie(response)).toBeUndefined();
    expect(await sessionExists(tokenHash)).toBe(true);
    expect((await client.get("/o/aurora/board")).status).toBe(200);
  });

  it("refuses a sign-up posted from another origin and creates nothing", async () => {
    const before = await tableCounts(db);
    const response = await new TestClient(server).post(
      "/signup",
      { name: "Eva Mallory", email: "eva@evil.test", password: "senha-forte-123", organization: "Evil Corp" },
      { origin: "https://evil.test" },
    );
    expect(response.status).toBe(403);
    expect(await tableCounts(db)).toEqual(before);
  });

  it.each([
    ["the same host on another port", () => server.url.replace(/:(\d+)$/, (_, port: string) => `:${Number(port) + 1}`)],
    ["a look-alike host", () => server.url.replace("127.0.0.1", "127.0.0.1.evil.test")],
    ["an opaque origin", () => "null"],
  ])("refuses an Origin of %s", async (_label, origin) => {
    const response = await new TestClient(server).post("/login", CREDENTIALS, { origin: origin() });
    expect(response.status).toBe(403);
    expect(sessionSetCookie(response)).toBeUndefined();
  });

  it.each(["cross-site", "same-site"])("refuses a post without Origin but with Sec-Fetch-Site: %s", async (site) => {
    const before = await tableCounts(db);
    const response = await new TestClient(server).request("/login", {
      form: CREDENTIALS,
      origin: null,
      headers: { "sec-fetch-site": site },
    });
    expect(response.status).toBe(403);
    expect(response.body).toBe(REFUSED);
    expect(await tableCounts(db)).toEqual(before);
  });

  it("refuses a cross-site logout without Origin", async () => {
    const { client, tokenHash } = await signedIn();
    const response = await client.request("/logout", { form: {}, origin: null, headers: { "sec-fetch-site": "cross-site" } });
    expect(response.status).toBe(403);
    expect(await sessionExists(tokenHash)).toBe(true);
  });

  it("accepts same-origin posts", async () => {
    const client = new TestClient(server);
    const login = await client.post("/login", CREDENTIALS);
    expect(login.status).toBe(302);
    expect(login.location).toBe("/o/aurora/board");
    const tokenHash = sha256Hex(tokenFromCookie(client.cookies.get(SESSION_COOKIE)!));

    const logout = await client.post("/logout", {});
    expect(logout.status).toBe(302);
    expect(await sessionExists(tokenHash)).toBe(false);
  });

  it.each(["same-origin", "none"])("accepts a post without Origin when Sec-Fetch-Site is %s", async (site) => {
    const response = await new TestClient(server).request("/login", { form: CREDENTIALS, origin: null, headers: { "sec-fetch-site": site } });
    expect(response.status).toBe(302);
  });

  it("accepts a post with neither Origin nor Sec-Fetch-Site (not a browser)", async () => {
    const response = await new TestClient(server).request("/login", { form: CREDENTIALS, origin: null });
    expect(response.status).toBe(302);
  });

  it("compares the Origin with the Host the request was sent to", async () => {
    const ok = await rawRequest(server, {
      path: "/login",
      headers: { host: "crm.example.com", origin: "http://crm.example.com" },
      form: CREDENTIALS,
    });
    expect(ok.status).toBe(302);

    const foreign = await rawRequest(server, {
      path: "/login",
      headers: { host: "crm.example.com", origin: server.url },
      form: CREDENTIALS,
    });
    expect(foreign.status).toBe(403);
  });

  it("lets reads through whatever their Origin", async () => {
    const anonymous = await new TestClient(server).request("/login", { headers: { origin: "http://evil.test", "sec-fetch-site": "cross-site" } });
    expect(anonymous.status).toBe(200);

    const { client } = await signedIn();
    const board = await client.request("/o/aurora/board", { headers: { origin: "http://evil.test", "sec-fetch-site": "cross-site" } });
    expect(board.status).toBe(200);
    expect(board.body).toContain("data-stage-id");
  });
});
