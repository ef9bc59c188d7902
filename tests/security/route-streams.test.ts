import { describe, expect, it } from "vitest";
import { SseClient } from "../realtime/sse-client";
import { ROUTES, urlOf } from "./routes";
import { addPerson, sessionFor, useSecurityWorld } from "./support";

const streams = ROUTES.filter((route) => route.kind === "stream");

/**
 * A stream is authorized when it opens and must not outlive that
 * authorization: it ends when its session logs out and when its member is
 * removed from the organization, and the reconnect is refused.
 */
describe("event streams end with the access they were opened with", () => {
  const world = useSecurityWorld();

  async function openAsNewMember() {
    const person = await addPerson(world.sql, world.a, "member");
    const client = await sessionFor(world, person.userId);
    return { person, client };
  }

  const open = (route: (typeof streams)[number], cookie: string) => SseClient.open(world.server.url + urlOf(route, world.a.ids), { cookie });

  it.each(streams)("$path ends after logout, and the reconnect goes to login", async (route) => {
    const { client } = await openAsNewMember();
    const stream = await open(route, client.cookieHeader);
    expect(stream.status).toBe(200);
    await stream.next("presence");
    const cookie = client.cookieHeader;
    expect((await client.post("/logout", {})).status).toBe(302);
    await stream.ended;
    expect(stream.endedByServer).toBe(true);
    const again = await open(route, cookie);
    expect(again.status).toBe(302);
  });

  it.each(streams)("$path ends when the member is removed, and the reconnect is a 404", async (route) => {
    const { person, client } = await openAsNewMember();
    const stream = await open(route, client.cookieHeader);
    expect(stream.status).toBe(200);
    await stream.next("presence");
    const removed = await world.a.as.owner.post(urlOf({ path: "/o/:slug/settings/members" }, world.a.ids), { intent: "remove", memberId: person.memberId });
    expect(removed.status).toBe(200);
    await stream.ended;
    expect(stream.endedByServer).toBe(true);
    expect((await open(route, client.cookieHeader)).status).toBe(404);
  });

  it("control: a stream of a member who stays keeps going", async () => {
    const { client } = await openAsNewMember();
    const stream = await open(streams[0], client.cookieHeader);
    await stream.next("presence");
    const other = await openAsNewMember();
    await world.a.as.owner.post(urlOf({ path: "/o/:slug/settings/members" }, world.a.ids), { intent: "remove", memberId: other.person.memberId });
    await world.a.as.owner.post(`/o/${world.a.slug}/board`, { intent: "create", stageId: world.a.ids.stageId, fullName: "Lead Depois" });
    await stream.next("lead.created");
    expect(stream.endedByServer).toBe(false);
    stream.close();
  });
});
