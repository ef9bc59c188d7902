import { describe, expect, it } from "vitest";
import { TestClient, type TestResponse } from "../support/client";
import { parseSetCookie, rawRequest, SESSION_COOKIE, sessionSetCookie } from "../auth/helpers";
import { ACTIONS, READS, urlOf, type Route } from "./routes";
import { actorFor, send, useSecurityWorld, type World } from "./support";

const pages = READS.filter((route) => route.kind === "page");
/** The actions whose success hands out (or clears) the session cookie. */
const sessionActions = ACTIONS.filter(({ route, intent }) => route.access !== "member" && intent.writes.includes("user_sessions"));

const SAFE_REFERRER = ["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"];

function expectProtectiveHeaders(response: Pick<TestResponse, "headers">, label: string) {
  const { headers } = response;
  expect(headers.get("x-content-type-options"), label).toBe("nosniff");
  const framing = /^(deny|sameorigin)$/i.test(headers.get("x-frame-options") ?? "") || /frame-ancestors\s+('none'|'self')/.test(headers.get("content-security-policy") ?? "");
  expect(framing, `${label}: frame protection`).toBe(true);
  expect(SAFE_REFERRER, `${label}: Referrer-Policy`).toContain(headers.get("referrer-policy"));
  expect(sessionSetCookie(response), `${label}: no session cookie`).toBeUndefined();
}

/** Who can see a page: visitors see the signed-out ones, A's owner the rest. */
const viewerOf = (world: World, route: Route) => (route.access === "member" || route.access === "user" ? world.a.as.owner : new TestClient(world.server));

describe("headers and the session cookie", () => {
  const world = useSecurityWorld();

  it.each(pages)("GET $path carries nosniff, frame protection and a Referrer-Policy, and no session cookie", async (route) => {
    const url = urlOf(route, world.a.ids);
    const response = await viewerOf(world, route).get(url);
    expect(response.status, url).toBeLessThan(400);
    expectProtectiveHeaders(response, url);
  });

  it("error pages carry them too, and never a session cookie", async () => {
    const { a, b } = world;
    const responses = await Promise.all([
      new TestClient(world.server).get("/no-such-page"),
      a.as.owner.get("/no-such-page"),
      b.as.owner.get(`/o/${a.slug}/board`),
      a.as.viewer.get(`/o/${a.slug}/settings/members`),
      a.as.owner.get(`/o/${a.slug}/leads/not-a-uuid`),
      a.as.owner.post(`/o/${a.slug}/settings/pipeline`, { intent: "no-such-intent" }),
      new TestClient(world.server).get("/invites/not-a-real-token-at-all-000"),
    ]);
    expect(responses.map((response) => response.status)).toEqual([404, 404, 404, 403, 404, 400, 404]);
    responses.forEach((response, i) => expectProtectiveHeaders(response, `error ${i}`));
  });

  it.each(sessionActions)("$label: the session cookie is HttpOnly, SameSite=Lax, Path=/, not Secure on 127.0.0.1", async ({ route, intent }) => {
    const ids = await world.a.fresh();
    const response = await send(await actorFor(world, route, intent, ids), route, ids, { form: intent.form(ids) });
    const cookie = sessionSetCookie(response);
    expect(cookie, `${response.status} ${response.body.slice(0, 200)}`).toBeDefined();
    expect(cookie!.attributes.get("httponly")).toBe(true);
    expect(String(cookie!.attributes.get("samesite")).toLowerCase()).toBe("lax");
    expect(cookie!.attributes.get("path")).toBe("/");
    expect(cookie!.attributes.has("secure")).toBe(false);
  });

  it.each(sessionActions)("$label: the session cookie is Secure under a real host name", async ({ route, intent }) => {
    const ids = await world.a.fresh();
    const actor = await actorFor(world, route, intent, ids);
    const response = await rawRequest(world.server, {
      method: "POST",
      path: urlOf(route, ids),
      headers: { host: "crm.example.com", origin: "http://crm.example.com", ...(actor.cookies.size ? { cookie: actor.cookieHeader } : {}) },
      form: intent.form(ids),
    });
    const cookie = response.setCookies.map(parseSetCookie).find((c) => c.name === SESSION_COOKIE);
    expect(cookie, `${response.status} ${response.body.slice(0, 200)}`).toBeDefined();
    expect(cookie!.attributes.get("secure")).toBe(true);
    expect(cookie!.attributes.get("httponly")).toBe(true);
  });
});
