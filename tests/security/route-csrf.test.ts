import { describe, expect, it } from "vitest";
import { ACTIONS } from "./routes";
import { actorFor, changed, keepsPresence, fingerprint, send, succeeded, useSecurityWorld } from "./support";

/**
 * Every state-changing route and intent refuses a cross-site request (a
 * foreign Origin, or no Origin with Sec-Fetch-Site: cross-site) with 403 and
 * changes nothing; the same request from the app's own origin succeeds, so the
 * refusal is the origin check's and not some other failure. A webhook succeeds
 * only signed: its same-origin control is its own suite's (tests/whatsapp/).
 */
describe("cross-site requests on every action", () => {
  const world = useSecurityWorld();

  const attacks: { label: string; origin: string | null; headers: Record<string, string> }[] = [
    { label: "a foreign Origin", origin: "https://evil.test", headers: {} },
    { label: "Sec-Fetch-Site: cross-site without Origin", origin: null, headers: { "sec-fetch-site": "cross-site" } },
  ];

  it.each(ACTIONS)("$label: refused with 403, nothing changes; same-origin succeeds", async ({ route, intent }) => {
    const ids = world.a.ids;
    const presence = keepsPresence(route);
    const actor = await actorFor(world, route, intent, ids);
    const before = await fingerprint(world, presence);
    const refused = await Promise.all(attacks.map((attack) => send(actor, route, ids, { form: intent.form(ids) }, attack)));
    refused.forEach((response, i) => expect(response.status, attacks[i].label).toBe(403));
    expect(changed(before, await fingerprint(world, presence))).toEqual([]);
    if (route.kind === "webhook") return;

    const fresh = await world.a.fresh();
    const control = await actorFor(world, route, intent, fresh);
    const beforeControl = await fingerprint(world, presence);
    const response = await send(control, route, fresh, { form: intent.form(fresh) });
    expect(succeeded(response), `${response.status} ${response.body.slice(0, 200)}`).toBe(true);
    expect(changed(beforeControl, await fingerprint(world, presence))).toEqual(expect.arrayContaining(intent.writes));
  });
});
