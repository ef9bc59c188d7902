import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestRedis } from "../support/redis";
import { startWorkerProcess, type WorkerProcess } from "../support/worker-process";
import { organizationIds, useRealtimeTransport, type Orgs } from "../realtime/helpers";
import { SseClient } from "../realtime/sse-client";
import { startWebProcess, type WebProcess } from "../realtime/web-process";
import { createConnection, messageBody, nowSeconds, postWebhook, uniqueDigits, wamid, type TestConnection } from "./support";

/**
 * The deployed shape: Meta posts to one web replica, a separate worker process
 * turns the inbox item into a timeline entry, and the events it commits reach
 * the streams held by every web replica — not only the one that took the POST.
 */
describe.each(["postgres", "redis"] as const)("an inbound WhatsApp message across processes over the %s bus", (kind) => {
  const db = useTestDatabase();
  const redis = useTestRedis();
  let orgs: Orgs;
  let connection: TestConnection;
  let web: WebProcess[] = [];
  let worker: WorkerProcess | undefined;
  const streams: SseClient[] = [];

  beforeAll(async () => {
    orgs = await organizationIds(db);
    connection = await createConnection(db, orgs.aurora);
    // Children inherit the environment: REDIS_URL set here is the bus of all three processes.
    await useRealtimeTransport(kind === "redis" ? redis.url : null);
    // Settled one by one: when one fails to start, the others are still kept, so afterAll stops them rather than orphaning them.
    const started = await Promise.allSettled([startWebProcess({ NODE_ENV: "test" }), startWebProcess({ NODE_ENV: "test" }), startWorkerProcess({ NODE_ENV: "test" })]);
    for (const [index, outcome] of started.entries()) {
      if (outcome.status !== "fulfilled") continue;
      if (index < 2) web.push(outcome.value as WebProcess);
      else worker = outcome.value as WorkerProcess;
    }
    const failed = started.find((outcome) => outcome.status === "rejected");
    if (failed) throw failed.reason;
  }, 180_000);

  afterAll(async () => {
    for (const stream of streams) stream.close();
    await Promise.all([...web.map((process) => process.stop()), worker?.stop()]);
    worker = undefined;
    web = [];
    await useRealtimeTransport(null);
  });

  it("reaches the streams of both web processes, whichever one took the POST", async () => {
    const rep = new TestClient({ url: web[0].url });
    await rep.login("rep@aurora.test");
    const open = async (process: WebProcess) => {
      const stream = await SseClient.open(`${process.url}/o/aurora/events`, { cookie: rep.cookieHeader });
      streams.push(stream);
      // The first presence frame means the stream is subscribed: nothing committed after it can be missed.
      await stream.next("presence");
      return stream;
    };
    const [onA, onB] = [await open(web[0]), await open(web[1])];
    const from = `55119${uniqueDigits(8)}`;

    const deliver = async (through: WebProcess, body: string) => {
      const id = wamid();
      const answer = await postWebhook(through.url, connection, messageBody(connection.numbers[0], { from, id, timestamp: nowSeconds(), type: "text", text: { body } }, { waId: from, name: "Cliente Multi" }));
      expect(answer.status).toBe(200);
      return id;
    };
    const seen = async (stream: SseClient, preview: string) => {
      await stream.until(() => stream.ofType("message.created").some((event) => stream.json(event).preview === preview), 30_000, `message.created "${preview}"`);
      const message = stream.json<{ leadId: string; messageId: string; direction: string; channel: string }>(
        stream.ofType("message.created").find((event) => stream.json(event).preview === preview)!,
      );
      await stream.until(() => stream.ofType("lead.updated").some((event) => stream.json(event).leadId === message.leadId), 30_000, "lead.updated");
      return message;
    };

    // A new sender through process A: its lead is created by the worker, and both streams hear of the message.
    const first = await deliver(web[0], "Oi, vim pelo anúncio");
    const [fromA, fromB] = await Promise.all([seen(onA, "Oi, vim pelo anúncio"), seen(onB, "Oi, vim pelo anúncio")]);
    expect(fromB).toEqual(fromA);
    expect(fromA).toMatchObject({ direction: "inbound", channel: "whatsapp" });
    const [row] = await db.adminQuery<{ id: string; lead_id: string; organization_id: string }>(`select id, lead_id, organization_id from communications where external_id = $1`, [first]);
    expect(row).toEqual({ id: fromA.messageId, lead_id: fromA.leadId, organization_id: orgs.aurora });
    expect(onA.ofType("lead.created").map((event) => onA.json(event).leadId)).toContain(fromA.leadId);
    expect(onB.ofType("lead.created").map((event) => onB.json(event).leadId)).toContain(fromA.leadId);

    // The same sender through process B: the same lead, again on both streams.
    await deliver(web[1], "Ainda tem horário amanhã?");
    const [againA, againB] = await Promise.all([seen(onA, "Ainda tem horário amanhã?"), seen(onB, "Ainda tem horário amanhã?")]);
    expect(againA).toEqual(againB);
    expect(againA.leadId).toBe(fromA.leadId);
  }, 90_000);
});
