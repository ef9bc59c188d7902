import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeRealtime, getRealtime } from "~/modules/realtime/realtime.server";
import { moveCard } from "../board/support";
import { useTestDatabase } from "../support/database";
import { useTestRedis } from "../support/redis";
import { useTestServer } from "../support/server";
import { createLead, signUpOrganization } from "../security/streams-factories";
import { eventually, openStream, useRealtimeTransport } from "./helpers";

/**
 * A move answers without waiting for the bus: with Redis not taking
 * publishes (paused, as a hung or overloaded server would be), the move
 * still commits and answers, its event waits in this process's publish
 * queue, and the stream gets it once Redis takes publishes again.
 */
describe("a move while the Redis bus does not answer", () => {
  const db = useTestDatabase();
  const redis = useTestRedis();
  const server = useTestServer();
  let admin: Redis;

  beforeAll(async () => {
    await useRealtimeTransport(redis.url);
    admin = new Redis(redis.url);
  });

  afterAll(async () => {
    await admin.call("CLIENT", "UNPAUSE").catch(() => {});
    admin.disconnect();
    await closeRealtime();
    await useRealtimeTransport(null);
  });

  it("answers before the bus takes its event, and the stream gets the event once the bus is back", async () => {
    const org = await signUpOrganization(server, db);
    const leadId = await createLead(db, org.owner, org);
    const [lead] = await db.adminQuery<{ stage_id: string; version: number }>(`select stage_id, version from leads where id = $1`, [leadId]);
    const [target] = await db.adminQuery<{ id: string }>(
      `select id from pipeline_stages where organization_id = $1 and is_active and id <> $2 order by position limit 1`,
      [org.id, lead.stage_id],
    );
    const stream = await openStream(server.url, org.owner, org.slug);
    await stream.next("presence");
    // Everything said so far (the stream's presence) has reached Redis: what is pending next is the move's event.
    await eventually(() => getRealtime().stats().unpublished === 0, 10_000, "an empty publish queue");

    // Redis keeps its connections but holds every PUBLISH until unpaused.
    await admin.call("CLIENT", "PAUSE", "60000", "WRITE");
    const moved = await moveCard(org.owner, leadId, target.id, null, lead.version, org.slug);

    expect(moved.status).toBe(200);
    expect(getRealtime().stats().unpublished).toBeGreaterThan(0);
    expect(stream.ofType("lead.moved")).toEqual([]);
    const [committed] = await db.adminQuery<{ stage_id: string }>(`select stage_id from leads where id = $1`, [leadId]);
    expect(committed.stage_id).toBe(target.id);

    await admin.call("CLIENT", "UNPAUSE");
    const event = stream.json(await stream.next("lead.moved"));
    expect(event).toMatchObject({ leadId, fromStageId: lead.stage_id, toStageId: target.id, version: lead.version + 1 });
    await eventually(() => getRealtime().stats().unpublished === 0, 10_000, "the queue to drain");
    stream.close();
  });
});
