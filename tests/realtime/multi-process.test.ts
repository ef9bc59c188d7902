import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { withOrganization } from "~/utils/db.server";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestRedis } from "../support/redis";
import { commitEvent, lastEventId, organizationIds, range, storedEvents, useRealtimeTransport, userId, type Orgs } from "./helpers";
import { SseClient } from "./sse-client";
import { startWebProcess, type WebProcess } from "./web-process";

/**
 * Two real web processes sharing one database (and, for the Redis adapter,
 * one Redis). Whatever is committed through one process, or anywhere else,
 * reaches the streams held by the other.
 */
describe.each(["postgres", "redis"] as const)("two web processes over the %s bus", (kind) => {
  const db = useTestDatabase();
  const redis = useTestRedis();
  let orgs: Orgs;
  let web: WebProcess[] = [];
  const streams: SseClient[] = [];

  const clientOf = (process: WebProcess) => new TestClient({ url: process.url });
  const open = async (process: WebProcess, client: TestClient, lastEvent?: number | string | null, slug = "aurora") => {
    const stream = await SseClient.open(`${process.url}/o/${slug}/events`, { cookie: client.cookieHeader, lastEventId: lastEvent });
    streams.push(stream);
    return stream;
  };

  beforeAll(async () => {
    orgs = await organizationIds(db);
    await useRealtimeTransport(kind === "redis" ? redis.url : null);
    web = await Promise.all([startWebProcess({ NODE_ENV: "test" }), startWebProcess({ NODE_ENV: "test" })]);
  });

  afterAll(async () => {
    for (const stream of streams) stream.close();
    await Promise.all(web.map((process) => process.stop()));
    await useRealtimeTransport(null);
  });

  it("delivers a move served by one process to the streams of the other", async () => {
    const [a, b] = web;
    const mover = clientOf(a);
    await mover.login("owner@aurora.test");
    const watcher = clientOf(b);
    await watcher.login("rep@aurora.test");
    const onB = await open(b, watcher);
    const onA = await open(a, watcher);
    await onB.next("presence");
    await onA.next("presence");

    const [lead] = await db.adminQuery<{ id: string; stage_id: string; version: number }>(
      `select id, stage_id, version from leads where organization_id = $1 order by position limit 1`,
      [orgs.aurora],
    );
    const [target] = await db.adminQuery<{ id: string }>(
      `select id from pipeline_stages where organization_id = $1 and id <> $2 and is_active order by position limit 1`,
      [orgs.aurora, lead.stage_id],
    );
    const moved = await mover.post("/o/aurora/board", {
      intent: "move",
      leadId: lead.id,
      toStageId: target.id,
      afterLeadId: "",
      version: String(lead.version),
    });
    expect(moved.status).toBe(200);
    const event = onB.json(await onB.next("lead.moved"));
    expect(event).toMatchObject({
      leadId: lead.id,
      fromStageId: lead.stage_id,
      toStageId: target.id,
      version: lead.version + 1,
      actor: { id: await userId(db, "owner@aurora.test"), name: "Helena Duarte" },
    });
    expect(onA.json(await onA.next("lead.moved"))).toEqual(event);

    // And an event committed outside both web processes reaches both.
    const outside = await commitEvent(orgs.aurora);
    await onA.until(() => onA.ids.includes(outside.id!));
    await onB.until(() => onB.ids.includes(outside.id!));
    expect(onB.ids.at(-1)).toBe(outside.id);
    onA.close();
    onB.close();
  });

  it("closes streams on the other process at logout and at membership removal", async () => {
    const [a, b] = web;
    const rep = clientOf(a);
    await rep.login("rep@aurora.test");
    const repStream = await open(b, rep);
    await repStream.next("presence");
    expect((await rep.post("/logout", {})).status).toBe(302);
    await repStream.ended;
    expect(repStream.endedByServer).toBe(true);

    const owner = clientOf(a);
    await owner.login("owner@aurora.test");
    const manager = clientOf(b);
    await manager.login("manager@aurora.test");
    const managerStream = await open(b, manager);
    await managerStream.next("presence");
    const [membership] = await db.adminQuery<{ id: string }>(
      `select m.id from organization_members m join users u on u.id = m.user_id where m.organization_id = $1 and u.email = 'manager@aurora.test'`,
      [orgs.aurora],
    );
    const removed = await owner.post("/o/aurora/settings/members", { intent: "remove", memberId: membership.id });
    expect(removed.status).toBeLessThan(400);
    await managerStream.ended;
    expect(managerStream.endedByServer).toBe(true);
    expect(managerStream.ofType("member.removed")).toHaveLength(1);
    expect((await open(a, manager)).status).toBe(404);
  });

  it("shows presence and drag locks across processes", async () => {
    const [a, b] = web;
    const owner = clientOf(a);
    await owner.login("owner@aurora.test");
    const member = clientOf(b);
    await member.login("rep@aurora.test");
    const ownerStream = await open(a, owner);
    await open(b, member);
    const repId = await userId(db, "rep@aurora.test");
    const latest = () => ownerStream.json<{ viewers: { userId: string }[]; dragging: { leadId: string; userId: string }[] }>(
      ownerStream.ofType("presence").at(-1)!,
    );
    await ownerStream.until(() => ownerStream.ofType("presence").length > 0 && latest().viewers.some((v) => v.userId === repId));
    const [lead] = await db.adminQuery<{ id: string }>(`select id from leads where organization_id = $1 limit 1`, [orgs.aurora]);
    expect((await member.post("/o/aurora/presence", { intent: "drag-start", leadId: lead.id })).status).toBe(200);
    await ownerStream.until(() => latest().dragging.some((d) => d.leadId === lead.id && d.userId === repId));
    const refused = await owner.post("/o/aurora/presence", { intent: "drag-start", leadId: lead.id });
    expect(refused.status).toBe(409);
    expect(JSON.parse(refused.body)).toMatchObject({ error: "locked", lockedBy: { id: repId } });
    expect((await member.post("/o/aurora/presence", { intent: "drag-end", leadId: lead.id })).status).toBe(200);
    await ownerStream.until(() => latest().dragging.length === 0);
  });

  it("gives clients that reconnect at random, to either process, exactly the server's sequence while several writers commit", async () => {
    const start = await lastEventId(db, orgs.aurora);
    const borealStart = await lastEventId(db, orgs.boreal);
    const random = (n: number) => Math.floor(Math.random() * n);
    const viewer = clientOf(web[0]);
    await viewer.login("owner@aurora.test");
    const mover = clientOf(web[1]);
    await mover.login("rep@aurora.test");

    let writing = true;
    const writer = async (organizationId: string, count: number) => {
      for (let i = 0; i < count; i++) {
        if (random(10) === 0) {
          // A rolled-back change takes no id: no gap may appear.
          await withOrganization(organizationId, async (tx) => {
            await recordEvent(tx, organizationId, { type: "lead.deleted", data: { leadId: randomUUID(), stageId: randomUUID() }, actor: null });
            throw new Error("rollback");
          }).catch(() => {});
        } else {
          await commitEvent(organizationId, { writer: randomUUID() });
        }
        await delay(random(8));
      }
    };
    const stages = await db.adminQuery<{ id: string }>(`select id from pipeline_stages where organization_id = $1 and is_active`, [orgs.aurora]);
    const httpMoves = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const [lead] = await db.adminQuery<{ id: string; version: number }>(
          `select id, version from leads where organization_id = $1 order by random() limit 1`,
          [orgs.aurora],
        );
        const through = web[random(2)];
        // The single-fetch action endpoint, as the board's fetcher posts it (no page render).
        const response = await new TestClient({ url: through.url }).request("/o/aurora/board.data", {
          form: { intent: "move", leadId: lead.id, toStageId: stages[random(stages.length)].id, afterLeadId: "", version: String(lead.version) },
          headers: { cookie: mover.cookieHeader },
          origin: through.url,
        });
        expect([200, 409]).toContain(response.status);
      }
    };

    const reader = async () => {
      const received: { id: number; type: string; data: Record<string, unknown> }[] = [];
      let last = start;
      let connections = 0;
      const consume = (stream: SseClient) => {
        expect(stream.ofType("resync")).toEqual([]);
        for (const event of stream.events) {
          if (event.id !== null) received.push({ id: Number(event.id), type: event.event, data: JSON.parse(event.data) });
        }
        if (stream.lastEventId !== null) last = Number(stream.lastEventId);
      };
      while (writing) {
        const stream = await SseClient.open(`${web[random(2)].url}/o/aurora/events`, { cookie: viewer.cookieHeader, lastEventId: last });
        expect(stream.status).toBe(200);
        await delay(5 + random(60));
        stream.close();
        await stream.ended;
        consume(stream);
        connections++;
      }
      const final = await lastEventId(db, orgs.aurora);
      const stream = await SseClient.open(`${web[random(2)].url}/o/aurora/events`, { cookie: viewer.cookieHeader, lastEventId: last });
      await stream.until(() => Number(stream.lastEventId ?? last) >= final, 15_000, `event ${final}`);
      stream.close();
      await stream.ended;
      consume(stream);
      return { received, connections };
    };

    const readers = range(1, 4).map(() => reader());
    try {
      await Promise.all([writer(orgs.aurora, 40), writer(orgs.aurora, 40), writer(orgs.aurora, 40), writer(orgs.boreal, 30), httpMoves(15)]);
    } finally {
      writing = false;
    }
    const results = await Promise.all(readers);

    const final = await lastEventId(db, orgs.aurora);
    const stored = await storedEvents(db, orgs.aurora, start);
    expect(final - start).toBeGreaterThanOrEqual(100);
    expect(stored.map((row) => Number(row.event_id))).toEqual(range(start + 1, final));
    expect(stored.filter((row) => row.type === "lead.moved").length).toBeGreaterThan(0);
    expect(await lastEventId(db, orgs.boreal)).toBeGreaterThan(borealStart);
    for (const { received, connections } of results) {
      expect(connections).toBeGreaterThan(3);
      expect(received.map((event) => event.id)).toEqual(range(start + 1, final));
      expect(received.map((event) => [event.type, event.data.leadId])).toEqual(stored.map((row) => [row.type, row.data.leadId]));
    }
  }, 120_000);
});
