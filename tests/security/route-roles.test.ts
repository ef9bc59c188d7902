import { describe, expect, it } from "vitest";
import { can, ROLES, type Permission, type Role } from "~/lib/permissions";
import { ACTIONS, READS, urlOf } from "./routes";
import { changed, fingerprint, keepsPresence, send, succeeded, useSecurityWorld } from "./support";

/** What requireMember answers a member whose role lacks the permission (non-members get 404 instead). */
const REFUSED = 403;

const below = (permission: Permission) => ROLES.filter((role) => !can(role, permission));
const lowestAllowed = (permission: Permission): Role => ROLES.filter((role) => can(role, permission)).at(-1)!;

const guardedReads = READS.filter((route) => route.get?.permission);
const guardedActions = ACTIONS.filter(({ intent }) => intent.permission);

/**
 * The permission matrix (app/utils/permissions.ts) over HTTP: for every
 * guarded page and intent, every role below the permission is refused with
 * 403 and nothing changes; the lowest role that has it succeeds, and its
 * success does change what the intent writes (so the refusals are real).
 */
describe("the role matrix on every route and intent", () => {
  const world = useSecurityWorld();

  it("names a permission for every organization intent", () => {
    expect(ACTIONS.filter(({ route, intent }) => route.access === "member" && !intent.permission).map(({ label }) => label)).toEqual([]);
  });

  it.each(guardedReads)("GET $path: refused below $get.permission, open from the lowest role that has it", async (route) => {
    const permission = route.get!.permission!;
    const url = urlOf(route, world.a.ids, route.get?.query?.(world.a.ids));
    const refused = await Promise.all(below(permission).map((role) => world.a.as[role].get(url)));
    refused.forEach((response, i) => expect(response.status, below(permission)[i]).toBe(REFUSED));
    if (route.kind === "stream") return; // a stream never ends on its own; its opening is route-streams.test.ts's
    const allowed = await world.a.as[lowestAllowed(permission)].get(url);
    expect(allowed.status).toBe(200);
  });

  it.each(guardedActions)("$label: refused below its permission, done by the lowest role that has it", async ({ route, intent }) => {
    const permission = intent.permission!;
    const presence = keepsPresence(route);
    const ids = world.a.ids;
    const before = await fingerprint(world, presence);
    const roles = below(permission);
    const refused = await Promise.all(roles.map((role) => send(world.a.as[role], route, ids, { form: intent.form(ids) })));
    refused.forEach((response, i) => expect(response.status, `${roles[i]}: ${response.body.slice(0, 200)}`).toBe(REFUSED));
    expect(changed(before, await fingerprint(world, presence))).toEqual([]);

    const fresh = await world.a.fresh();
    const beforeSuccess = await fingerprint(world, presence);
    const done = await send(world.a.as[lowestAllowed(permission)], route, fresh, { form: intent.form(fresh) });
    expect(succeeded(done), `${lowestAllowed(permission)}: ${done.status} ${done.body.slice(0, 200)}`).toBe(true);
    expect(changed(beforeSuccess, await fingerprint(world, presence))).toEqual(expect.arrayContaining(intent.writes));
  });
});
