import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { encodeOrganizationMessage, organizationChannel, type BusHandlers } from "~/modules/realtime/bus.server";
import { createBus } from "~/modules/realtime/create-bus.server";
import { DEFAULT_HUB_OPTIONS, EventHub, type FrameKind, type HubClient, type HubOptions } from "~/modules/realtime/event-hub.server";
import type { RealtimeMessage } from "~/modules/realtime/events";
import { LISTENER_NAME } from "~/modules/realtime/postgres-bus.server";
import { closeRealtime, getRealtime } from "~/modules/realtime/realtime.server";
import { redirectLogs } from "~/utils/logger.server";
import { useTestDatabase } from "../support/database";
import { useTestRedis } from "../support/redis";
import { commitEvent, eventually, lastEventId, organizationIds, range, storedEvents, useRealtimeTransport, type Orgs } from "./helpers";

const decoder = new TextDecoder();

/** A hub client that keeps what it receives. */
function recorder(organizationId: string, user = { id: randomUUID(), fullName: "Pessoa Teste" }, sessionId = randomUUID()) {
  const record = {
    ids: [] as number[],
    frames: [] as { kind: FrameKind; text: string }[],
    closed: false,
    release: () => {},
    client: null as unknown as HubClient,
    /** Parsed `data:` of the event frames, in order. */
    events() {
      return record.frames
        .filter((frame) => frame.kind === "event")
        .map((frame) => JSON.parse(/^data: (.*)$/m.exec(frame.text)![1]) as Record<string, unknown>);
    },
  };
  record.client = {
    organizationId,
    userId: user.id,
    fullName: user.fullName,
    sessionId,
    send(frame, id, kind) {
      if (id !== null) record.ids.push(id);
      record.frames.push({ kind, text: decoder.decode(frame) });
    },
    close() {
      record.closed = true;
      record.release();
    },
  };
  return record;
}

/** Stores events without publishing them: what a commit whose publish was lost leaves behind. */
async function commitSilently(db: ReturnType<typeof useTestDatabase>, organizationId: string, count: number) {
  const rows = await db.adminQuery<{ event_id: string }>(
    `with seq as (
       insert into realtime_sequences (organization_id, last_event_id) values ($1, $2)
       on conflict (organization_id) do update set last_event_id = realtime_sequences.last_event_id + $2
       returning last_event_id)
     insert into realtime_events (organization_id, event_id, type, data, created_at)
     select $1, seq.last_event_id - $2 + n, 'lead.updated', jsonb_build_object('leadId', gen_random_uuid(), 'silent', n), now()
       from seq, generate_series(1, $2) as n
     returning event_id`,
    [organizationId, count],
  );
  return rows.map((row) => Number(row.event_id)).sort((a, b) => a - b);
}

describe.each(["postgres", "redis"] as const)("realtime bus contract: %s", (kind) => {
  const db = useTestDatabase();
  const redis = useTestRedis();
  let orgs: Orgs;
  const closers: (() => Promise<void>)[] = [];
  const logs: string[] = [];

  const busEnv = () => ({ DATABASE_URL: db.appUrl, REDIS_URL: kind === "redis" ? redis.url : undefined });

  function bus(received: { channel: string; payload: string }[]) {
    const handlers: BusHandlers = {
      onMessage: (channel, payload) => received.push({ channel, payload }),
      onReconnect: () => {},
      log: () => {},
    };
    const created = createBus(busEnv(), handlers);
    closers.push(() => created.close());
    return created;
  }

  /** A hub as one web process holds it, with its own subscriber connection. */
  function hub(options: Partial<HubOptions> = {}) {
    const created = new EventHub((handlers) => createBus(busEnv(), handlers), {
      ...DEFAULT_HUB_OPTIONS,
      processId: randomUUID(),
      log: (message) => logs.push(message),
      tickMs: 50,
      lingerMs: 100,
      presenceSettleMs: 20,
      ...options,
    });
    closers.push(() => created.close());
    return created;
  }

  async function connect(target: EventHub, record: ReturnType<typeof recorder>) {
    record.release = await target.connect(record.client);
    return record;
  }

  beforeAll(async () => {
    orgs = await organizationIds(db);
    await useRealtimeTransport(kind === "redis" ? redis.url : null);
  });

  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  afterAll(() => useRealtimeTransport(null));

  it("carries payloads to every follower of a channel, in publish order, and nothing from other channels", async () => {
    const [a, b, c] = [[], [], []] as { channel: string; payload: string }[][];
    const [busA, busB, busC] = [bus(a), bus(b), bus(c)];
    await busA.follow("loved_rt_contract_one");
    await busB.follow("loved_rt_contract_one");
    await busC.follow("loved_rt_contract_two");
    const sent = range(1, 60).map((n) => JSON.stringify({ n }));
    for (const payload of sent) await busA.publish("loved_rt_contract_one", payload);
    await busC.publish("loved_rt_contract_two", "other");
    await eventually(() => a.length === 60 && b.length === 60 && c.length === 1, 10_000, "every payload");
    expect(a.map((m) => m.payload)).toEqual(sent);
    expect(b.map((m) => m.payload)).toEqual(sent);
    expect(c).toEqual([{ channel: "loved_rt_contract_two", payload: "other" }]);
  });

  it("stops delivering a channel after unfollow", async () => {
    const received: { channel: string; payload: string }[] = [];
    const subscriber = bus(received);
    const publisher = bus([]);
    await subscriber.follow("loved_rt_contract_a");
    await subscriber.follow("loved_rt_contract_b");
    await subscriber.unfollow("loved_rt_contract_a");
    await publisher.publish("loved_rt_contract_a", "after unfollow");
    await publisher.publish("loved_rt_contract_b", "marker");
    // One connection receives in publish order: the marker arriving means the first message would have too.
    await eventually(() => received.length > 0, 10_000, "the marker");
    expect(received.map((m) => m.payload)).toEqual(["marker"]);
  });

  it("delivers each organization's events to its own clients only, in id order, on every process", async () => {
    const [processA, processB] = [hub(), hub()];
    const auroraOnA = await connect(processA, recorder(orgs.aurora));
    const auroraOnB = await connect(processB, recorder(orgs.aurora));
    const borealOnA = await connect(processA, recorder(orgs.boreal));
    const auroraStart = await lastEventId(db, orgs.aurora);
    const borealStart = await lastEventId(db, orgs.boreal);
    const writer = async (organizationId: string, count: number) => {
      for (let i = 0; i < count; i++) await commitEvent(organizationId, { writer: randomUUID() });
    };
    await Promise.all([writer(orgs.aurora, 15), writer(orgs.aurora, 15), writer(orgs.aurora, 15), writer(orgs.boreal, 15), writer(orgs.boreal, 15)]);
    await eventually(
      () => auroraOnA.ids.length >= 45 && auroraOnB.ids.length >= 45 && borealOnA.ids.length >= 30,
      15_000,
      "every event",
    );
    expect(auroraOnA.ids).toEqual(range(auroraStart + 1, auroraStart + 45));
    expect(auroraOnB.ids).toEqual(range(auroraStart + 1, auroraStart + 45));
    expect(borealOnA.ids).toEqual(range(borealStart + 1, borealStart + 30));
    const auroraLeads = (await storedEvents(db, orgs.aurora, auroraStart)).map((row) => row.data.leadId);
    expect(auroraOnA.events().map((event) => event.leadId)).toEqual(auroraLeads);
    const borealLeads = new Set((await storedEvents(db, orgs.boreal, borealStart)).map((row) => row.data.leadId));
    expect(borealOnA.events().every((event) => borealLeads.has(event.leadId))).toBe(true);
    expect(auroraOnA.events().some((event) => borealLeads.has(event.leadId))).toBe(false);
  });

  it("fans each event out over several turns yet keeps every stream in id order, each id once", async () => {
    const processA = hub({ fanOutBatch: 3 });
    const clients = await Promise.all(range(1, 10).map(() => connect(processA, recorder(orgs.aurora))));
    const start = await lastEventId(db, orgs.aurora);
    const silent = await commitSilently(db, orgs.aurora, 2);
    for (let i = 0; i < 5; i++) await commitEvent(orgs.aurora);
    await eventually(() => clients.every((client) => client.ids.length >= 7), 10_000, "every event on every stream");
    for (const client of clients) expect(client.ids).toEqual(range(start + 1, start + 7));
    expect(silent).toEqual(range(start + 1, start + 2));
  });

  it("reads missing ids back from the table before delivering a later one", async () => {
    const processA = hub();
    const client = await connect(processA, recorder(orgs.aurora));
    const silent = await commitSilently(db, orgs.aurora, 2);
    const published = await commitEvent(orgs.aurora);
    await eventually(() => client.ids.length >= 3, 10_000, "the filled gap");
    expect(client.ids).toEqual([...silent, published.id]);
    expect(client.events().slice(0, 2).map((event) => event.silent)).toEqual([1, 2]);
  });

  it("drops duplicates and puts late publishes back in order", async () => {
    const processA = hub();
    const publisher = hub();
    const client = await connect(processA, recorder(orgs.aurora));
    const [first, second] = await commitSilently(db, orgs.aurora, 2);
    const message = (id: number): RealtimeMessage => ({
      organizationId: orgs.aurora,
      id,
      type: "lead.updated",
      data: { leadId: `lead-${id}`, actor: null },
      at: new Date().toISOString(),
    });
    await publisher.publishEvents([message(second), message(second), message(first), message(first)]);
    const marker = await commitEvent(orgs.aurora);
    await eventually(() => client.ids.includes(marker.id!), 10_000, "the marker");
    expect(client.ids).toEqual([first, second, marker.id]);
  });

  it("never fails a commit over a failed publish; subscribers fill the hole with the next event", async () => {
    const processA = hub();
    const client = await connect(processA, recorder(orgs.aurora));
    const logged: string[] = [];
    const restoreLogs = redirectLogs({ write: (line: string) => void logged.push(line) }, "error");
    try {
      // The committing process lost its bus: the change must still commit, and the failure be logged.
      await getRealtime().bus.close();
      const unpublished = await commitEvent(orgs.aurora);
      expect(logged.some((line) => (JSON.parse(line) as { msg: string }).msg === "publish failed")).toBe(true);
      await closeRealtime();
      const next = await commitEvent(orgs.aurora);
      await eventually(() => client.ids.includes(next.id!), 10_000, "the next event");
      expect(client.ids).toEqual([unpublished.id, next.id]);
    } finally {
      restoreLogs();
    }
  });

  it("carries an event too big for the transport by reference and reads the row back", async () => {
    const processA = hub();
    const client = await connect(processA, recorder(orgs.aurora));
    const blob = "x".repeat(20_000);
    const big = await commitEvent(orgs.aurora, { blob });
    if (kind === "postgres") expect(Buffer.byteLength(encodeOrganizationMessage(big, processA.bus.maxPayloadBytes))).toBeLessThan(8000);
    await eventually(() => client.ids.includes(big.id!), 10_000, "the big event");
    expect(client.events().at(-1)!.blob).toBe(blob);
  });

  it("catches up on what was committed while its subscriber connection was away", async () => {
    const processA = hub({ sweepMs: 10 * 60_000 });
    const client = await connect(processA, recorder(orgs.aurora));
    const start = await lastEventId(db, orgs.aurora);
    // Never published: only the catch-up after the reconnect can deliver these.
    const silent = await commitSilently(db, orgs.aurora, 3);
    logs.length = 0;
    if (kind === "postgres") {
      await db.adminQuery(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and datname = current_database()`, [
        LISTENER_NAME,
      ]);
    } else {
      const admin = new Redis(redis.url);
      await admin.call("CLIENT", "KILL", "TYPE", "pubsub");
      admin.disconnect();
    }
    await eventually(() => client.ids.length >= 3, 15_000, "the catch-up");
    expect(client.ids).toEqual(silent);
    expect(silent).toEqual(range(start + 1, start + 3));
    expect(logs.some((line) => /reconnected/.test(line))).toBe(true);
    const live = await commitEvent(orgs.aurora);
    await eventually(() => client.ids.includes(live.id!), 10_000, "live events after the reconnect");
    expect(client.ids).toEqual([...silent, live.id]);
  });

  it("agrees on presence and drag locks across processes, including one that joins later", async () => {
    const [processA, processB] = [hub(), hub()];
    const ana = { id: randomUUID(), fullName: "Ana" };
    const bruno = { id: randomUUID(), fullName: "Bruno" };
    const carla = { id: randomUUID(), fullName: "Carla" };
    await connect(processA, recorder(orgs.aurora, ana));
    await connect(processB, recorder(orgs.aurora, bruno));
    const viewerIds = (target: EventHub) => target.presenceOf(orgs.aurora).viewers.map((v) => v.userId).sort();
    await eventually(() => viewerIds(processA).length === 2 && viewerIds(processB).length === 2, 10_000, "both viewers everywhere");
    expect(viewerIds(processA)).toEqual([ana.id, bruno.id].sort());

    const lead = randomUUID();
    expect(await processA.claimCard(orgs.aurora, ana, lead)).toEqual({ granted: true });
    expect(await processB.claimCard(orgs.aurora, bruno, lead)).toEqual({ granted: false, holder: { userId: ana.id, fullName: "Ana" } });

    // Simultaneous claims on another card: exactly one wins, and every process names the same holder.
    const contested = randomUUID();
    const results = await Promise.all([processA.claimCard(orgs.aurora, ana, contested), processB.claimCard(orgs.aurora, bruno, contested)]);
    expect(results.filter((result) => result.granted)).toHaveLength(1);
    const holderOn = (target: EventHub, leadId: string) => target.presenceOf(orgs.aurora).dragging.find((d) => d.leadId === leadId)?.userId;
    await eventually(() => holderOn(processA, contested) === holderOn(processB, contested), 10_000, "agreement");
    expect(holderOn(processA, contested)).toBe(results[0].granted ? ana.id : bruno.id);

    const processC = hub();
    await connect(processC, recorder(orgs.aurora, carla));
    await eventually(
      () => viewerIds(processC).length === 3 && holderOn(processC, lead) === ana.id,
      10_000,
      "the late process to learn the state",
    );

    await processA.releaseCard(orgs.aurora, ana.id, lead);
    await eventually(() => [processA, processB, processC].every((target) => holderOn(target, lead) === undefined), 10_000, "the drop");
    expect(await processB.claimCard(orgs.aurora, bruno, lead)).toEqual({ granted: true });
  });

  it("lets a drag lock lapse when it is not renewed", async () => {
    const [processA, processB] = [hub({ dragTtlMs: 1_000 }), hub({ dragTtlMs: 1_000 })];
    await connect(processB, recorder(orgs.aurora));
    const lead = randomUUID();
    const ana = { id: randomUUID(), fullName: "Ana" };
    expect(await processA.claimCard(orgs.aurora, ana, lead)).toEqual({ granted: true });
    await eventually(() => processB.presenceOf(orgs.aurora).dragging.some((d) => d.leadId === lead), 10_000, "the lock");
    await eventually(() => processB.presenceOf(orgs.aurora).dragging.length === 0, 10_000, "the lock to lapse");
    expect(processA.presenceOf(orgs.aurora).dragging).toEqual([]);
  });

  it("closes the clients of an ended session on another process, and of a removed member", async () => {
    const [processA, processB] = [hub(), hub()];
    const session = randomUUID();
    const endedSession = await connect(processA, recorder(orgs.aurora, undefined, session));
    const otherSession = await connect(processA, recorder(orgs.aurora));
    await processB.publishSessionEnded(session);
    await eventually(() => endedSession.closed, 10_000, "the session's stream to close");
    expect(otherSession.closed).toBe(false);

    const member = { id: randomUUID(), fullName: "Saindo" };
    const removed = await connect(processA, recorder(orgs.aurora, member));
    await commitEvent(orgs.aurora, { userId: member.id }, "member.removed");
    await eventually(() => removed.closed, 10_000, "the removed member's stream to close");
    expect(removed.events().at(-1)).toMatchObject({ type: "member.removed", userId: member.id });
    expect(otherSession.closed).toBe(false);
    expect(processA.stats()).toMatchObject({ clients: 1, sessions: 1 });
  });

  it("lets go of an organization once its last client leaves", async () => {
    const processA = hub();
    const client = await connect(processA, recorder(orgs.boreal));
    expect(processA.stats()).toEqual({ organizations: 1, clients: 1, sessions: 1 });
    client.release();
    await eventually(() => processA.stats().organizations === 0, 10_000, "the organization to be released");
    expect(processA.stats()).toEqual({ organizations: 0, clients: 0, sessions: 0 });
    if (kind === "redis") {
      const admin = new Redis(redis.url);
      const [, subscribers] = (await admin.pubsub("NUMSUB", organizationChannel(orgs.boreal))) as [string, number];
      admin.disconnect();
      expect(subscribers).toBe(0);
    }
  });
});
