import { describe, expect, it } from "vitest";
import { TestClient } from "../support/client";
import { bodyLimitFor } from "~/server/body-limits";
import { ACTIONS, READS, urlOf } from "./routes";
import { actorFor, changed, fingerprint, keepsPresence, send, useSecurityWorld } from "./support";

const pages = READS.filter((route) => route.kind === "page");

/**
 * Per-route checks whose fixes live in other parts of the server (request
 * size caps, the Content-Security-Policy, the Origin check's scheme): they
 * run over the same list so a new route gets them too.
 */
describe("limits every route keeps", () => {
  const world = useSecurityWorld();

  it.each(ACTIONS)("$label: a body over the route's limit is refused with 413 and changes nothing", async ({ route, intent }) => {
    const ids = world.a.ids;
    const actor = await actorFor(world, route, intent, ids);
    const before = await fingerprint(world, keepsPresence(route));
    const limit = bodyLimitFor(urlOf(route, ids));
    const response = await send(actor, route, ids, { form: { ...intent.form(ids), filler: "x".repeat(limit + 1024) } });
    expect(response.status).toBe(413);
    expect(changed(before, await fingerprint(world, keepsPresence(route)))).toEqual([]);
  });

  it.each(ACTIONS)("$label: an Origin with the right host but another scheme is refused with 403", async ({ route, intent }) => {
    const ids = world.a.ids;
    const actor = await actorFor(world, route, intent, ids);
    const before = await fingerprint(world, keepsPresence(route));
    const response = await send(actor, route, ids, { form: intent.form(ids) }, { origin: world.server.url.replace(/^http:/, "https:") });
    expect(response.status).toBe(403);
    expect(changed(before, await fingerprint(world, keepsPresence(route)))).toEqual([]);
  });

  it.each(pages)("GET $path carries a Content-Security-Policy", async (route) => {
    const client = route.access === "member" || route.access === "user" ? world.a.as.owner : new TestClient(world.server);
    const response = await client.get(urlOf(route, world.a.ids));
    expect(response.headers.get("content-security-policy")).toMatch(/default-src/);
  });
});
