import { describe, expect, it } from "vitest";
import { TestClient, type TestResponse } from "../support/client";
import { ACTIONS, READS, urlOf, type Route } from "./routes";
import { changed, fingerprint, keepsPresence, send, useSecurityWorld } from "./support";

const sessionReads = READS.filter((route) => route.access === "member" || route.access === "user");
const sessionActions = ACTIONS.filter(({ route }) => route.access === "member" || route.access === "user");
const anonymousOnly = READS.filter((route) => route.access === "anonymous");

/**
 * A visitor without a session: every page that needs one sends them to the
 * login page (remembering where they were going), resources and streams
 * answer the same redirect or a 401/404, and no answer carries data or
 * changes anything.
 */
describe("signed-out visitors on every session route", () => {
  const world = useSecurityWorld();

  function expectSentAway(route: Route, response: TestResponse, url: string) {
    const markers = [world.a.id, world.a.ids.leadId, world.a.ids.email, world.a.ids.stageId];
    for (const marker of markers) expect(response.body, `${url} leaks ${marker}`).not.toContain(marker);
    if (response.status === 302) {
      const location = new URL(response.location!, world.server.url);
      expect(location.pathname).toBe("/login");
      expect(location.searchParams.get("redirectTo")).toBe(url);
    } else {
      expect(route.kind, `${url}: ${response.status}`).not.toBe("page");
      expect([401, 404]).toContain(response.status);
    }
  }

  it.each(sessionReads)("GET $path goes to /login without data", async (route) => {
    const url = urlOf(route, world.a.ids, route.get?.query?.(world.a.ids));
    expectSentAway(route, await new TestClient(world.server).get(url), url);
  });

  it.each(sessionActions)("$label goes to /login and changes nothing", async ({ route, intent }) => {
    const before = await fingerprint(world, keepsPresence(route));
    const url = urlOf(route, world.a.ids);
    expectSentAway(route, await send(new TestClient(world.server), route, world.a.ids, { form: intent.form(world.a.ids) }), url);
    expect(changed(before, await fingerprint(world, keepsPresence(route)))).toEqual([]);
  });

  it("cannot tell an existing organization from a missing one", async () => {
    const anonymous = new TestClient(world.server);
    const [existing, missing] = await Promise.all([anonymous.get(`/o/${world.a.slug}/board`), anonymous.get("/o/no-such-org/board")]);
    expect(existing.status).toBe(missing.status);
    expect(existing.body.replaceAll(world.a.slug, "SLUG")).toBe(missing.body.replaceAll("no-such-org", "SLUG"));
  });

  it.each(anonymousOnly)("GET $path sends a signed-in user home instead", async (route) => {
    const response = await world.a.as.member.get(urlOf(route, world.a.ids));
    expect(response.status).toBe(302);
    expect(response.location).toBe("/");
  });
});
