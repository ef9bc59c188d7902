import { describe, expect, it } from "vitest";
import { DEFAULT_BODY_LIMIT } from "~/server/body-limits";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { countRows } from "../auth/helpers";
import { send, streamBody } from "./edge-support";

const MIB = 1024 * 1024;
const TOO_LARGE = "A requisição é grande demais.";

/** A valid sign-up form followed by a filler field, so a server that read it all would create the account. */
function signUpHead(email: string) {
  return new URLSearchParams({ name: "Bia Borges", email, password: "senha-forte-123", organization: `Org ${email}` }).toString() + "&filler=";
}

describe("request body limits", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const users = (email: string) => countRows(db, "users", "email = $1", [email]);

  it("refuses a declared 200 MB body before reading it, and signs nobody up", async () => {
    const email = "declared@edge.test";
    const answer = await streamBody(server, { path: "/signup", head: signUpHead(email), total: MIB, declareLength: 200 * MIB, headers: { origin: server.url } });

    expect(answer.status).toBe(413);
    expect(answer.body).toBe(TOO_LARGE);
    expect(answer.headers.connection).toBe("close");
    expect(await users(email)).toBe(0);
  });

  it("cuts a chunked body at the limit without reading the rest, and signs nobody up", async () => {
    const email = "chunked@edge.test";
    const total = 32 * MIB;
    const answer = await streamBody(server, { path: "/signup", head: signUpHead(email), total, headers: { origin: server.url, "accept-language": "en" } });

    expect(answer.status).toBe(413);
    expect(answer.body).toBe("The request is too large.");
    // The answer came while most of the body was still unsent: the server never held it.
    expect(answer.sentBeforeAnswer).toBeLessThan(total / 2);
    expect(await users(email)).toBe(0);
  });

  it("still takes a body just under the limit", async () => {
    const email = "under@edge.test";
    const head = signUpHead(email);
    const body = head + "a".repeat(DEFAULT_BODY_LIMIT - Buffer.byteLength(head));
    const answer = await send(server, {
      method: "POST",
      path: "/signup",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url },
      body,
    });

    expect(answer.status).toBe(302);
    expect(await users(email)).toBe(1);
  });

  it("lets a route declared in the limits table take more than the default", async () => {
    const body = "a".repeat(DEFAULT_BODY_LIMIT * 4);
    const headers = { "content-type": "application/json" };

    const webhook = await send(server, { method: "POST", path: "/webhooks/whatsapp/some-key", headers, body });
    expect(webhook.status).not.toBe(413);

    const login = await send(server, { method: "POST", path: "/login", headers, body });
    expect(login.status).toBe(413);
  });
});
