import { randomUUID } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LISTENER_NAME } from "~/modules/realtime/postgres-bus.server";
import { closeRealtime, configureRealtime, getRealtime } from "~/modules/realtime/realtime.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { withOrganization } from "~/utils/db.server";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { moveCard } from "../board/support";
import { commitEvent, eventually, lastEventId, openStalledStream, openStream, organizationIds, range, storedEvents, userId, type Orgs } from "./helpers";
import type { SseClient } from "./sse-client";

// Short intervals so heartbeats, lock expiry and stream lifetimes show up in milliseconds.
const TEST_OPTIONS = { heartbeatMs: 100, tickMs: 50, presenceSettleMs: 20, lingerMs: 200 };

/** A full collection with finalizers run, as a loaded server would get to eventually. */
async function collectGarbage() {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  for (let round = 0; round < 3; round++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

interface PresenceData {
  viewers: { userId: string; fullName: string }[];
  dragging: { leadId: string; userId: string; fullName: string }[];
}

describe("GET /o/:slug/events", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  configureRealtime(TEST_OPTIONS);
  afterAll(() => closeRealtime());

  let orgs: Orgs;
  const owner = new TestClient(server);
  const rep = new TestClient(server);
  const viewer = new TestClient(server);
  const boreal = new TestClient(server);
  const streams: SseClient[] = [];

  async function stream(client: TestClient, options: Parameters<typeof openStream>[3] = {}, slug = "aurora") {
    const opened = await openStream(server.url, client, slug, options);
    streams.push(opened);
    return opened;
  }

  beforeAll(async () => {
    orgs = await organizationIds(db);
    await owner.login("owner@aurora.test");
    await rep.login("rep@aurora.test");
    await viewer.login("viewer@aurora.test");
    await boreal.login("owner@boreal.test");
  });

  afterAll(() => {
    for (const opened of streams) opened.close();
  });

  it("is for members only: the login page for visitors, 404 for other organizations", async () => {
    const anonymous = await new TestClient(server).get("/o/aurora/events");
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login\?redirectTo=/);
    const outsider = await stream(boreal);
    expect(outsider.status).toBe(404);
    const ownStream = await stream(boreal, {}, "boreal");
    expect(ownStream.status).toBe(200);
    ownStream.close();
  });

  it("sends unbuffered, uncompressed event-stream headers, a retry hint and a presence snapshot on connect", async () => {
    const opened = await stream(viewer, { headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(opened.status).toBe(200);
    const headers = opened.response.headers;
    expect(headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(headers.get("cache-control")).toContain("no-cache");
    expect(headers.get("cache-control")).toContain("no-transform");
    expect(headers.get("x-accel-buffering")).toBe("no");
    expect(headers.get("content-encoding")).toBeNull();
    const presence = await opened.next("presence");
    expect(presence.id).toBeNull();
    expect(opened.json<PresenceData>(presence)).toMatchObject({ type: "presence", viewers: expect.any(Array), dragging: [] });
    expect(opened.retry).toBeGreaterThan(0);
    opened.close();
  });

  it("delivers a committed event with its id, type and data", async () => {
    const opened = await stream(viewer);
    await opened.next("presence");
    const leadId = randomUUID();
    const stageId = randomUUID();
    const committed = await commitEvent(orgs.aurora, { leadId, stageId, version: 3, fields: ["company"] });
    const received = await opened.next("lead.updated");
    expect(received.id).toBe(String(committed.id));
    expect(opened.json(received)).toEqual({
      leadId,
      stageId,
      version: 3,
      fields: ["company"],
      actor: { id: expect.any(String), name: "Teste" },
      id: committed.id,
      type: "lead.updated",
      at: committed.at,
    });
    opened.close();
  });

  it("carries a moved card (and what the text search reads) on live delivery only: never into the log, so a replay has none", async () => {
    const [lead] = await db.adminQuery<{ id: string; version: number; stage_id: string }>(
      `select id, version, stage_id from leads where organization_id = $1 and status <> 'archived' order by id limit 1`,
      [orgs.aurora],
    );
    const [target] = await db.adminQuery<{ id: string }>(`select id from pipeline_stages where organization_id = $1 and is_active and id <> $2 limit 1`, [
      orgs.aurora,
      lead.stage_id,
    ]);
    const before = await lastEventId(db, orgs.aurora);
    const live = await stream(viewer);
    await live.next("presence");
    const moved = await moveCard(rep, lead.id, target.id, null, lead.version);
    expect(moved.status).toBe(200);

    const received = live.json(await live.next("lead.moved"));
    expect(received).toMatchObject({ leadId: lead.id, toStageId: target.id, version: lead.version + 1 });
    expect(received.card).toEqual(moved.body.card);
    expect(received.card).toMatchObject({ id: lead.id, stageId: target.id, version: lead.version + 1 });
    const [contact] = await db.adminQuery<{ email: string | null; phone: string | null }>(`select email, phone from leads where id = $1`, [lead.id]);
    expect(received.search).toEqual(contact);

    const stored = await storedEvents(db, orgs.aurora, before);
    expect(stored.map((row) => row.type)).toEqual(["lead.moved"]);
    expect(stored[0].data).not.toHaveProperty("card");
    expect(stored[0].data).not.toHaveProperty("search");
    const replayed = await stream(owner, { lastEventId: before });
    const again = replayed.json(await replayed.next("lead.moved"));
    expect(again).toMatchObject({ leadId: lead.id, version: lead.version + 1 });
    expect(again).not.toHaveProperty("card");
    expect(again).not.toHaveProperty("search");
    live.close();
    replayed.close();
  });

  it("replays what a client missed after Last-Event-ID, then continues live without gap or duplicate", async () => {
    const before = await lastEventId(db, orgs.aurora);
    for (let i = 0; i < 5; i++) await commitEvent(orgs.aurora, { n: i });
    const resumed = await stream(owner, { lastEventId: before });
    await resumed.until(() => resumed.ids.length >= 5, 10_000, "the replay");
    await commitEvent(orgs.aurora);
    await commitEvent(orgs.aurora);
    await resumed.until(() => resumed.ids.length >= 7, 10_000, "live events after the replay");
    expect(resumed.ids).toEqual(range(before + 1, before + 7));
    expect(resumed.ofType("resync")).toEqual([]);
    resumed.close();
  });

  it("takes the first resume point from ?lastEventId=, and the Last-Event-ID header over it", async () => {
    const before = await lastEventId(db, orgs.aurora);
    for (let i = 0; i < 3; i++) await commitEvent(orgs.aurora);
    const byQuery = await stream(owner, { query: `?lastEventId=${before}` });
    await byQuery.until(() => byQuery.ids.length >= 3);
    expect(byQuery.ids).toEqual(range(before + 1, before + 3));
    const byHeader = await stream(owner, { query: `?lastEventId=${before}`, lastEventId: before + 2 });
    await byHeader.until(() => byHeader.ids.length >= 1);
    await byHeader.next("presence");
    expect(byHeader.ids).toEqual([before + 3]);
    byQuery.close();
    byHeader.close();
  });

  it("sends resync when the missed events are no longer retained, and keeps streaming live", async () => {
    const before = await lastEventId(db, orgs.aurora);
    for (let i = 0; i < 4; i++) await commitEvent(orgs.aurora);
    // What the purge task does to events past the window.
    await db.adminQuery(`delete from realtime_events where organization_id = $1 and event_id <= $2`, [orgs.aurora, before + 2]);
    const opened = await stream(owner, { lastEventId: before });
    const resync = await opened.next("resync");
    expect(resync.id).toBeNull();
    expect(opened.json(resync)).toMatchObject({ type: "resync", reason: "expired" });
    expect(opened.ids).toEqual([]);
    const next = await commitEvent(orgs.aurora);
    await opened.until(() => opened.ids.includes(next.id!));
    expect(opened.ids).toEqual([next.id]);
    opened.close();
  });

  it("sends resync for an id from the future or one that is not a number", async () => {
    const head = await lastEventId(db, orgs.aurora);
    const future = await stream(owner, { lastEventId: head + 1000 });
    expect(future.json(await future.next("resync"))).toMatchObject({ reason: "unknown" });
    const garbage = await stream(owner, { lastEventId: "abc" });
    expect(garbage.json(await garbage.next("resync"))).toMatchObject({ reason: "unknown" });
    future.close();
    garbage.close();
  });

  it("does not resync a client that missed nothing, even when old events were purged", async () => {
    const head = (await commitEvent(orgs.aurora)).id!;
    await db.adminQuery(`delete from realtime_events where organization_id = $1`, [orgs.aurora]);
    const opened = await stream(owner, { lastEventId: head });
    await opened.next("presence");
    const next = await commitEvent(orgs.aurora);
    await opened.until(() => opened.ids.length > 0);
    expect(opened.ids).toEqual([next.id]);
    expect(opened.ofType("resync")).toEqual([]);
    opened.close();
  });

  it("writes a comment heartbeat on an idle stream", async () => {
    const opened = await stream(viewer);
    await opened.until(() => opened.comments.filter((comment) => comment === "ping").length >= 2, 5_000, "two pings");
    expect(opened.comments).toContain("ping");
    opened.close();
  });

  it("publishes nothing for a transaction that rolls back", async () => {
    const opened = await stream(viewer);
    await opened.next("presence");
    await expect(
      withOrganization(orgs.aurora, async (tx) => {
        await recordEvent(tx, orgs.aurora, { type: "lead.deleted", data: { leadId: "rolled-back", stageId: randomUUID() }, actor: null });
        throw new Error("abort the transaction");
      }),
    ).rejects.toThrow("abort the transaction");
    const committed = await commitEvent(orgs.aurora, { leadId: "committed" });
    await opened.until(() => opened.ids.includes(committed.id!));
    // The rolled-back change took no id either: the committed one has the id it would have had.
    expect(opened.events.filter((event) => event.id !== null).map((event) => opened.json(event).leadId)).toEqual(["committed"]);
    expect(opened.ofType("lead.deleted")).toEqual([]);
    opened.close();
  });

  it("closes the streams of a session that logs out, and only those", async () => {
    const repAgain = new TestClient(server);
    await repAgain.login("rep@aurora.test");
    const loggingOut = await stream(repAgain);
    const otherSession = await stream(rep);
    await loggingOut.next("presence");
    await otherSession.next("presence");
    const response = await repAgain.post("/logout", {});
    expect(response.status).toBe(302);
    await loggingOut.ended;
    expect(loggingOut.endedByServer).toBe(true);
    const after = await commitEvent(orgs.aurora);
    await otherSession.until(() => otherSession.ids.includes(after.id!));
    expect(loggingOut.ids).not.toContain(after.id);
    const reconnect = await stream(repAgain);
    expect(reconnect.status).toBe(302);
    otherSession.close();
  });

  it("closes a removed member's stream after delivering member.removed, and refuses the reconnect", async () => {
    const leaver = new TestClient(server);
    await leaver.login("manager@aurora.test");
    const managerId = await userId(db, "manager@aurora.test");
    const [membership] = await db.adminQuery<{ id: string }>(
      `select id from organization_members where organization_id = $1 and user_id = $2`,
      [orgs.aurora, managerId],
    );
    const removed = await stream(leaver);
    const watching = await stream(owner);
    await removed.next("presence");
    await watching.next("presence");
    const response = await owner.post("/o/aurora/settings/members", { intent: "remove", memberId: membership.id });
    expect(response.status).toBeLessThan(400);
    await removed.ended;
    expect(removed.endedByServer).toBe(true);
    expect(removed.ofType("member.removed").map((event) => removed.json(event).userId)).toEqual([managerId]);
    await watching.until(() => watching.ofType("member.removed").length > 0);
    const [seenByOwner] = watching.ofType("member.removed");
    expect(watching.json(seenByOwner)).toMatchObject({ userId: managerId, actor: { name: expect.any(String) } });
    const after = await commitEvent(orgs.aurora);
    await watching.until(() => watching.ids.includes(after.id!));
    expect((await stream(leaver)).status).toBe(404);
    watching.close();
  });

  describe("presence", () => {
    const latest = (opened: SseClient) => opened.json<PresenceData>(opened.ofType("presence").at(-1)!);
    const leadIdOf = async () => {
      const [lead] = await db.adminQuery<{ id: string }>(`select id from leads where organization_id = $1 limit 1`, [orgs.aurora]);
      return lead.id;
    };

    it("shows who is looking at the board, across their tabs", async () => {
      const ownerId = await userId(db, "owner@aurora.test");
      const repId = await userId(db, "rep@aurora.test");
      const ownerStream = await stream(owner);
      const repStream = await stream(rep);
      const repSecondTab = await stream(rep);
      await ownerStream.until(() => {
        const ids = ownerStream.ofType("presence").length ? latest(ownerStream).viewers.map((v) => v.userId) : [];
        return ids.includes(ownerId) && ids.includes(repId);
      }, 5_000, "both viewers");
      const viewers = latest(ownerStream).viewers;
      expect(viewers.filter((v) => v.userId === repId)).toEqual([{ userId: repId, fullName: "Camila Nogueira" }]);
      // Every earlier test closed its streams: these three are all the hub holds once those have unregistered.
      await eventually(() => getRealtime().stats().clients === 3, 5_000, "only this test's streams");
      repStream.close();
      await eventually(() => getRealtime().stats().clients === 2, 5_000, "the closed tab to unregister");
      // A later presence change proves any leave for rep would have been applied by now.
      const viewerStream = await stream(viewer);
      const viewerId = await userId(db, "viewer@aurora.test");
      await ownerStream.until(() => latest(ownerStream).viewers.some((v) => v.userId === viewerId), 5_000, "the viewer");
      expect(latest(ownerStream).viewers.map((v) => v.userId)).toContain(repId);
      viewerStream.close();
      repSecondTab.close();
      await ownerStream.until(() => !latest(ownerStream).viewers.some((v) => v.userId === repId), 5_000, "rep leaving");
      ownerStream.close();
    });

    it("locks a dragged card for everyone else until it is dropped", async () => {
      const leadId = await leadIdOf();
      const repId = await userId(db, "rep@aurora.test");
      const ownerStream = await stream(owner);
      await ownerStream.next("presence");

      const claimed = await rep.post("/o/aurora/presence", { intent: "drag-start", leadId });
      expect(claimed.status).toBe(200);
      expect(JSON.parse(claimed.body)).toEqual({ ok: true });
      await ownerStream.until(() => latest(ownerStream).dragging.some((d) => d.leadId === leadId), 5_000, "the lock");
      expect(latest(ownerStream).dragging).toEqual([{ leadId, userId: repId, fullName: "Camila Nogueira" }]);

      const refused = await owner.post("/o/aurora/presence", { intent: "drag-start", leadId });
      expect(refused.status).toBe(409);
      expect(JSON.parse(refused.body)).toMatchObject({
        ok: false,
        error: "locked",
        lockedBy: { id: repId, fullName: "Camila Nogueira" },
        message: expect.stringContaining("Camila Nogueira"),
      });
      expect((await rep.post("/o/aurora/presence", { intent: "heartbeat", leadId })).status).toBe(200);

      expect((await rep.post("/o/aurora/presence", { intent: "drag-end", leadId })).status).toBe(200);
      await ownerStream.until(() => latest(ownerStream).dragging.length === 0, 5_000, "the drop");
      expect((await owner.post("/o/aurora/presence", { intent: "drag-start", leadId })).status).toBe(200);
      expect((await owner.post("/o/aurora/presence", { intent: "drag-end", leadId })).status).toBe(200);
      ownerStream.close();
    });

    it("lets a lock lapse when its holder stops renewing it", async () => {
      // A fresh hub whose locks live 1 s (the streams of earlier tests end with the old one).
      await closeRealtime();
      configureRealtime({ ...TEST_OPTIONS, dragTtlMs: 1_000 });
      const leadId = await leadIdOf();
      const ownerStream = await stream(owner);
      await ownerStream.next("presence");
      expect((await rep.post("/o/aurora/presence", { intent: "drag-start", leadId })).status).toBe(200);
      await ownerStream.until(() => latest(ownerStream).dragging.some((d) => d.leadId === leadId), 5_000, "the lock");
      await ownerStream.until(() => latest(ownerStream).dragging.length === 0, 5_000, "the lock to lapse");
      expect((await owner.post("/o/aurora/presence", { intent: "drag-start", leadId })).status).toBe(200);
      await owner.post("/o/aurora/presence", { intent: "drag-end", leadId });
      ownerStream.close();
    });

    it("refuses viewers, other organizations and bad input", async () => {
      const leadId = await leadIdOf();
      expect((await viewer.post("/o/aurora/presence", { intent: "drag-start", leadId })).status).toBe(403);
      expect((await boreal.post("/o/aurora/presence", { intent: "drag-start", leadId })).status).toBe(404);
      const bad = await rep.post("/o/aurora/presence", { intent: "drag-start", leadId: "not-a-uuid" });
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.body).fieldErrors.leadId).toBeDefined();
      expect((await rep.post("/o/aurora/presence", { intent: "teleport", leadId })).status).toBe(400);
    });
  });

  it("notices a client that goes away even after garbage collection has run", async () => {
    // Remix hands the loader a copy of a copy of the request; a collected middle copy once cut the disconnect off.
    const before = getRealtime().stats().clients;
    const opened = await stream(viewer);
    await opened.next("presence");
    await collectGarbage();
    opened.close();
    await eventually(() => getRealtime().stats().clients === before, 5_000, "the closed stream to unregister");
  });

  it("cuts a client that stops reading instead of buffering for it, and its reconnect loses nothing", async () => {
    const before = getRealtime().stats().clients;
    const stalled = await openStalledStream(server.url, "/o/aurora/events", rep.cookieHeader);
    const attentive = await stream(owner);
    await attentive.next("presence");
    await eventually(() => getRealtime().stats().clients === before + 2, 5_000, "both streams to register");
    // Large events fill the socket buffers quickly; past them the server has to choose to drop or to buffer.
    const padding = "x".repeat(64 * 1024);
    const committed: number[] = [];
    while (getRealtime().stats().clients === before + 2) {
      if (committed.length >= 600) throw new Error("the stalled stream was never cut (≈38 MB sent)");
      committed.push((await commitEvent(orgs.aurora, { padding })).id!);
    }
    expect(getRealtime().stats().clients).toBe(before + 1);
    await attentive.until(() => attentive.ids.includes(committed.at(-1)!), 10_000, "every event on the attentive stream");
    expect(attentive.ids).toEqual(committed);

    const received = await stalled.readToEnd();
    expect(received.length).toBeGreaterThan(0);
    expect(received).toEqual(committed.slice(0, received.length));
    expect(received.length).toBeLessThan(committed.length);
    const resumed = await stream(rep, { lastEventId: received.at(-1) });
    await resumed.until(() => resumed.ids.includes(committed.at(-1)!), 10_000, "the replay of what the cut stream missed");
    expect(resumed.ids).toEqual(committed.slice(received.length));
    expect(resumed.ofType("resync")).toEqual([]);
    resumed.close();
    attentive.close();
  });

  it("forgets a stream once it is closed (no registrations left behind)", async () => {
    for (const opened of streams) opened.close();
    await Promise.all(streams.map((opened) => opened.ended));
    await eventually(() => getRealtime().stats().clients === 0, 5_000, "every stream to unregister");
    expect(getRealtime().stats()).toMatchObject({ clients: 0, sessions: 0 });
    // Followed organizations are let go after the linger period, closing the subscriber connection.
    await eventually(() => getRealtime().stats().organizations === 0, 5_000, "organizations to be released");
    await eventually(
      async () =>
        (await db.adminQuery(`select 1 from pg_stat_activity where datname = current_database() and application_name = $1`, [LISTENER_NAME]))
          .length === 0,
      5_000,
      "the LISTEN connection to close",
    );
  });

  it("ends streams when their lifetime runs out, so the reconnect runs the guard again", async () => {
    await closeRealtime();
    configureRealtime({ ...TEST_OPTIONS, maxStreamMs: 300 });
    const opened = await stream(owner);
    await opened.ended;
    expect(opened.endedByServer).toBe(true);
    const resumed = await stream(owner, { lastEventId: opened.lastEventId ?? undefined });
    expect(resumed.status).toBe(200);
    resumed.close();
  });
});
