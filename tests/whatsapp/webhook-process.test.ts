import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGraphStandIn, type GraphStandIn } from "~/server/graph-stand-in";
import { resetEnv } from "~/utils/env.server";
import { signInDemoCast, type DemoPerson, type TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { organizationId } from "../board/support";
import { createConnection, messageBody, nowSeconds, postWebhook, runJobs, statusBody, uniqueDigits, wamid, type TestConnection } from "./support";

interface Row {
  id: string;
  lead_id: string;
  content: string;
  status: string | null;
  direction: string;
  metadata: Record<string, unknown> & { kind: string; media?: { state: string; fileId: string | null } };
}

/**
 * The worker's half: every inbox item onto the right lead's timeline of the
 * connection's organization, never another's; statuses in any order; media
 * fetched into storage and served only to members.
 */
describe("processing WhatsApp deliveries", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  let clients: Record<DemoPerson, TestClient>;
  let aurora = "";
  let connection: TestConnection;
  let graph: GraphStandIn;

  beforeAll(async () => {
    clients = await signInDemoCast(server);
    aurora = await organizationId(db, "aurora");
    connection = await createConnection(db, aurora, { numbers: 2 });
    graph = await startGraphStandIn({
      accounts: [{ wabaId: connection.wabaId, accessToken: connection.accessToken, phoneNumbers: connection.numbers.map((id) => ({ id, display: "+55 11 4000-0000" })) }],
    });
    process.env.WHATSAPP_GRAPH_URL = graph.url;
    resetEnv();
  });
  afterAll(() => graph?.close());

  const sender = () => `55119${uniqueDigits(8)}`;
  const deliver = async (body: unknown, via: TestConnection = connection) => {
    expect((await postWebhook(server.url, via, body)).status).toBe(200);
    await runJobs(db);
  };
  const entries = (waId: string) =>
    db.adminQuery<Row>(
      `select c.id, c.lead_id, c.content, c.status, c.direction, c.metadata from communications c join leads l on l.id = c.lead_id
        where l.organization_id = $1 and phone_match_key(l.phone) = phone_match_key($2) order by c.sent_at, c.id`,
      [aurora, `+${waId}`],
    );
  const leadsOf = (waId: string) =>
    db.adminQuery<{ id: string; full_name: string; source: string; assignee_id: string | null; unread_count: number; last_inbound_at: Date | null; version: number; organization_id: string }>(
      `select id, full_name, source, assignee_id, unread_count, last_inbound_at, version, organization_id from leads where phone_match_key(phone) = phone_match_key($1)`,
      [`+${waId}`],
    );
  const inboxStatus = (dedupKey: string) =>
    db.adminQuery<{ status: string; reason: string | null }>("select status, reason from webhook_inbox where dedup_key = $1", [dedupKey]);

  it("an unknown sender becomes an unassigned lead in the first stage, with the message on its timeline and one set of events", async () => {
    const from = sender();
    const id = wamid();
    await deliver(messageBody(connection.numbers[0], { from, id, timestamp: nowSeconds(), type: "text", text: { body: "Oi, quero um orçamento" } }, { waId: from, name: "Maria Souza" }));
    const [lead] = await leadsOf(from);
    expect(lead).toMatchObject({ full_name: "Maria Souza", source: "whatsapp", assignee_id: null, unread_count: 1, version: 1, organization_id: aurora });
    expect(lead.last_inbound_at).not.toBeNull();
    expect(await entries(from)).toMatchObject([{ content: "Oi, quero um orçamento", direction: "inbound", status: "received", metadata: { kind: "text" } }]);
    const events = await db.adminQuery<{ type: string; data: Record<string, unknown> }>(
      "select type, data from realtime_events where organization_id = $1 and data->>'leadId' = $2 order by event_id",
      [aurora, lead.id],
    );
    expect(events.map((event) => event.type)).toEqual(["lead.created", "lead.updated", "message.created"]);
    expect(events[1].data).toMatchObject({ version: 1, fields: expect.arrayContaining(["unreadCount", "lastInboundAt"]) });
    expect(events[2].data).toMatchObject({ direction: "inbound", channel: "whatsapp", preview: "Oi, quero um orçamento", assigneeId: null });
    expect(await inboxStatus(`message:${id}`)).toEqual([{ status: "processed", reason: null }]);
  });

  it("matches a known lead with and without the ninth digit, and never bumps its version", async () => {
    const local = uniqueDigits(8);
    const [{ id: leadId, version }] = await db.adminQuery<{ id: string; version: number }>(
      `insert into leads (id, organization_id, full_name, phone, stage_id, position, created_at, updated_at)
       select gen_random_uuid(), $1, 'Cliente Antigo', $2, id, 'zz' || md5(random()::text), now(), now() from pipeline_stages where organization_id = $1 order by position limit 1
       returning id, version`,
      [aurora, `+55119${local}`],
    );
    // WhatsApp reports some older numbers without the ninth digit.
    await deliver(messageBody(connection.numbers[0], { from: `5511${local}`, id: wamid(), timestamp: nowSeconds(), type: "text", text: { body: "Sou eu" } }));
    const leads = await leadsOf(`55119${local}`);
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ id: leadId, version, unread_count: 1 });
  });

  it("a redelivered message is processed once", async () => {
    const from = sender();
    const body = messageBody(connection.numbers[0], { from, id: wamid(), timestamp: nowSeconds(), type: "text", text: { body: "uma vez" } });
    await deliver(body);
    await deliver(body);
    expect(await entries(from)).toHaveLength(1);
    expect((await leadsOf(from))[0].unread_count).toBe(1);
  });

  it("both numbers of one connection reach the organization; a number outside the connection is rejected and writes nothing", async () => {
    const [first, second] = [sender(), sender()];
    await deliver(messageBody(connection.numbers[0], { from: first, id: wamid(), timestamp: nowSeconds(), type: "text", text: { body: "número 1" } }));
    await deliver(messageBody(connection.numbers[1], { from: second, id: wamid(), timestamp: nowSeconds(), type: "text", text: { body: "número 2" } }));
    expect(await entries(first)).toMatchObject([{ metadata: { phoneNumberId: connection.numbers[0] } }]);
    expect(await entries(second)).toMatchObject([{ metadata: { phoneNumberId: connection.numbers[1] } }]);

    const intruder = sender();
    const id = wamid();
    // Boreal's number, through aurora's connection (signed with aurora's secret): never guessed, refused.
    const boreal = await createConnection(db, await organizationId(db, "boreal"));
    await deliver(messageBody(boreal.numbers[0], { from: intruder, id, timestamp: nowSeconds(), type: "text", text: { body: "desviada" } }));
    expect(await leadsOf(intruder)).toEqual([]);
    expect(await inboxStatus(`message:${id}`)).toMatchObject([{ status: "rejected", reason: expect.stringContaining(boreal.numbers[0]) }]);
  });

  it("every message kind lands on the timeline; a reaction lands on the message it reacts to", async () => {
    const from = sender();
    const first = wamid();
    const kinds: Record<string, unknown>[] = [
      { id: first, type: "text", text: { body: "texto" } },
      { type: "location", location: { latitude: -23.56, longitude: -46.65, name: "Escritório", address: "Av. Paulista, 1000" } },
      { type: "contacts", contacts: [{ name: { formatted_name: "João Silva", first_name: "João" }, phones: [{ phone: "+55 11 91234-5678", wa_id: "5511912345678" }] }] },
      { type: "interactive", interactive: { type: "button_reply", button_reply: { id: "sim", title: "Sim, pode ligar" } } },
      { type: "button", button: { payload: "QUERO", text: "Quero saber mais" } },
      { type: "unsupported", errors: [{ code: 131051, title: "Message type unknown" }] },
      { type: "reaction", reaction: { message_id: first, emoji: "👍" } },
    ];
    for (const [index, kind] of kinds.entries()) {
      await deliver(messageBody(connection.numbers[0], { from, id: wamid(), timestamp: nowSeconds(index), ...kind }));
    }
    const rows = await entries(from);
    expect(rows.map((row) => row.metadata.kind)).toEqual(["text", "location", "contacts", "interactive", "button", "unsupported"]);
    expect(rows[0].metadata).toMatchObject({ reactions: [{ emoji: "👍", direction: "inbound" }] });
    expect(rows[1].content).toBe("Escritório · Av. Paulista, 1000");
    expect(rows[2].metadata).toMatchObject({ contacts: [{ name: "João Silva" }] });
    expect(rows[3].content).toBe("Sim, pode ligar");
    expect(rows[4].content).toBe("Quero saber mais");
  });

  it("an image is fetched with the connection's token into storage and served only to members of the organization", async () => {
    const from = sender();
    const bytes = randomBytes(3000);
    graph.addMedia("media-foto-1", { bytes, mimeType: "image/jpeg", wabaId: connection.wabaId });
    await deliver(messageBody(connection.numbers[0], { from, id: wamid(), timestamp: nowSeconds(), type: "image", image: { id: "media-foto-1", mime_type: "image/jpeg", caption: "Foto do produto" } }));
    await runJobs(db);
    const [row] = await entries(from);
    expect(row.content).toBe("Foto do produto");
    expect(row.metadata.media).toMatchObject({ state: "stored" });
    const fileId = row.metadata.media!.fileId!;
    const served = await fetch(`${server.url}/o/aurora/files/${fileId}`, { headers: { cookie: clients.viewer.cookieHeader } });
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await fetch(`${server.url}/o/boreal/files/${fileId}`, { headers: { cookie: clients.boreal.cookieHeader } })).status).toBe(404);
    expect((await fetch(`${server.url}/o/aurora/files/${fileId}`, { headers: { cookie: clients.boreal.cookieHeader }, redirect: "manual" })).status).toBe(404);
  });

  it("a media download that fails shows as unavailable without blocking the text, and is stored on a later attempt", async () => {
    const from = sender();
    graph.addMedia("media-audio-1", { bytes: randomBytes(500), mimeType: "audio/ogg", wabaId: connection.wabaId });
    graph.failNext("media", { status: 500 });
    await deliver(messageBody(connection.numbers[0], { from, id: wamid(), timestamp: nowSeconds(), type: "audio", audio: { id: "media-audio-1", mime_type: "audio/ogg; codecs=opus", voice: true } }));
    const [failed] = await entries(from);
    expect(failed.metadata.media).toMatchObject({ state: "failed", fileId: null });
    // The retry is due after graphile-worker's backoff; bring it forward rather than wait.
    await db.adminQuery("update graphile_worker._private_jobs set run_at = now() where task_id = (select id from graphile_worker._private_tasks where identifier = 'whatsapp__fetch_media')");
    await runJobs(db);
    const [stored] = await entries(from);
    expect(stored.metadata.media).toMatchObject({ state: "stored" });
  });

  it("statuses in any order never move a message backwards; a failure keeps Meta's reason", async () => {
    const from = sender();
    await deliver(messageBody(connection.numbers[0], { from, id: wamid(), timestamp: nowSeconds(), type: "text", text: { body: "olá" } }));
    const [{ lead_id: leadId }] = await entries(from);
    const outbound = async (status: string) => {
      const id = wamid();
      await db.adminQuery(
        `insert into communications (id, organization_id, lead_id, channel, direction, content, metadata, external_id, status, sent_at, created_at, updated_at)
         values (gen_random_uuid(), $1, $2, 'whatsapp', 'outbound', 'resposta', '{"kind":"text"}', $3, $4, now(), now(), now())`,
        [aurora, leadId, id, status],
      );
      return id;
    };
    const statusOf = async (id: string) => (await db.adminQuery<{ status: string; metadata: Record<string, unknown> }>("select status, metadata from communications where external_id = $1", [id]))[0];
    const send = (id: string, status: string, extra: Record<string, unknown> = {}) =>
      deliver(statusBody(connection.numbers[0], { id, status, timestamp: nowSeconds(), recipient_id: from, ...extra }));

    const a = await outbound("queued");
    await send(a, "read");
    await send(a, "delivered");
    await send(a, "sent");
    expect((await statusOf(a)).status).toBe("read");

    const b = await outbound("queued");
    await send(b, "sent");
    await send(b, "failed", { errors: [{ code: 131026, title: "Message undeliverable" }] });
    expect(await statusOf(b)).toMatchObject({ status: "failed", metadata: { error: { code: 131026, title: "Message undeliverable" } } });
    await send(b, "delivered");
    expect((await statusOf(b)).status).toBe("failed");
  });

  it("a status for a message not sent (yet) waits, then is set aside; it never touches another organization's message", async () => {
    const id = wamid();
    expect((await postWebhook(server.url, connection, statusBody(connection.numbers[0], { id, status: "delivered", timestamp: nowSeconds(), recipient_id: "5511900000000" }))).status).toBe(200);
    await runJobs(db);
    expect(await inboxStatus(`status:${id}:delivered`)).toEqual([{ status: "pending", reason: null }]);
    for (let attempt = 0; attempt < 6; attempt++) {
      await db.adminQuery("update graphile_worker._private_jobs set run_at = now() where task_id = (select id from graphile_worker._private_tasks where identifier = 'whatsapp__process_webhook')");
      await runJobs(db);
    }
    expect(await inboxStatus(`status:${id}:delivered`)).toMatchObject([{ status: "ignored" }]);
  });
});
