import { describe, expect, it } from "vitest";
import { comparablePage, type TestResponse } from "../support/client";
import { ACTIONS, READS, urlOf, type Route } from "./routes";
import { changed, fingerprint, keepsPresence, send, useSecurityWorld, type Ids } from "./support";

const memberReads = READS.filter((route) => route.access === "member");
const memberActions = ACTIONS.filter(({ route }) => route.access === "member");

/** Path ids other than the slug (`/o/:slug/leads/:leadId` → leadId). */
const pathIds = (route: Route) => [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1] as keyof Ids).filter((name) => name !== "slug");

/**
 * A signed-in owner of organization B aims every organization route and
 * intent at organization A: with A's slug, and with B's own slug carrying A's
 * lead, stage, member and invitation ids. Every attempt answers like a thing
 * that does not exist (404, never 403 or success), shows none of A's data and
 * changes nothing anywhere.
 */
describe("another organization's slug and ids", () => {
  const world = useSecurityWorld();
  const attacker = () => world.b.as.owner;

  /** What only A's pages could show. */
  function expectNothingOfA(response: TestResponse, label: string) {
    for (const marker of [world.a.id, world.a.slug, world.a.ids.leadId, world.a.ids.email]) {
      expect(response.body, `${label} leaks ${marker}`).not.toContain(marker);
    }
  }

  /** B's ids with the ones a route or intent takes replaced by A's. */
  const mixed = (takes: (keyof Ids)[]) => ({ ...world.b.ids, ...Object.fromEntries(takes.map((key) => [key, world.a.ids[key]])) }) as Ids;

  describe("A's slug", () => {
    it.each(memberReads)("GET $path answers 404 with none of A's data, exactly like an unknown slug", async (route) => {
      const query = route.get?.query?.(world.a.ids) ?? "";
      const [foreign, unknown] = await Promise.all([
        attacker().get(urlOf(route, world.a.ids, query)),
        attacker().get(urlOf(route, { ...world.a.ids, slug: "no-such-org" }, query)),
      ]);
      expect(foreign.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect(comparablePage(foreign.body, world.a.slug)).toBe(comparablePage(unknown.body, "no-such-org"));
      expectNothingOfA(foreign, route.path);
    });

    it.each(memberActions)("$label answers 404 and changes nothing", async ({ route, intent }) => {
      const before = await fingerprint(world, keepsPresence(route));
      const response = await send(attacker(), route, world.a.ids, { form: intent.form(world.a.ids) });
      expect(response.status).toBe(404);
      expectNothingOfA(response, route.path);
      expect(changed(before, await fingerprint(world, keepsPresence(route)))).toEqual([]);
    });
  });

  describe("B's own slug with A's ids", () => {
    const readsWithIds = memberReads.filter((route) => pathIds(route).length || route.get?.takes?.length);
    const actionsWithIds = memberActions.filter(({ route, intent }) => pathIds(route).length || intent.takes?.length);

    it.each(readsWithIds)("GET $path answers as for an id that does not exist, with none of A's data", async (route) => {
      const ids = mixed([...pathIds(route), ...(route.get?.takes ?? [])]);
      const response = await attacker().get(urlOf(route, ids, route.get?.query?.(ids)));
      if (route.get?.absent) expect(route.get.absent(response, ids), response.body.slice(0, 200)).toBe(true);
      else expect(response.status).toBe(404);
      expectNothingOfA({ ...response, body: response.body.replace(`"${world.a.ids.leadId}":null`, "") }, route.path);
    });

    it.each(actionsWithIds)("$label answers 404 and changes nothing", async ({ route, intent }) => {
      const ids = mixed([...pathIds(route), ...(intent.takes ?? [])]);
      const before = await fingerprint(world, keepsPresence(route));
      const response = await send(attacker(), route, ids, { form: intent.form(ids) });
      expect(response.status, response.body.slice(0, 300)).toBe(404);
      expectNothingOfA(response, route.path);
      expect(changed(before, await fingerprint(world, keepsPresence(route)))).toEqual([]);
    });

    it("control: B's owner does reach B's own lead, stage and members with B's ids", async () => {
      const lead = memberReads.find((route) => route.module === "o.$slug.leads.$leadId.tsx")!;
      const column = memberReads.find((route) => route.module === "o.$slug.board.column.ts")!;
      const responses = await Promise.all([
        attacker().get(urlOf(lead, world.b.ids)),
        attacker().get(urlOf(column, world.b.ids, column.get!.query!(world.b.ids))),
        attacker().get(urlOf({ path: "/o/:slug/settings/members" }, world.b.ids)),
      ]);
      expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
      expect(responses[2].body).toContain(world.b.ids.memberId);
    });
  });
});
