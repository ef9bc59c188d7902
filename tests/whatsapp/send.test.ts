import { randomUUID } from "node:crypto";
import { Logger, runOnce } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { taskList } from "@worker/task-list";
import { DEMO_WHATSAPP_CONNECTIONS } from "@db/seeds/demo-whatsapp";
import { startGraphStandIn, type GraphStandIn } from "~/server/graph-stand-in";
import { enqueueJob } from "~/modules/jobs/enqueue-job.server";
import { whatsappSendMessageJob } from "~/modules/jobs/definitions/whatsapp__send_message.server";
import { withOrganization } from "~/utils/db.server";
import { resetEnv } from "~/utils/env.server";
import { signInDemoCast, type DemoPerson, type TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { decodeSingleFetch, organizationId, postBoard, stagesOf, userByEmail } from "../board/support";

const quietLogger = new Logger(() => () => {});
const AURORA = DEMO_WHATSAPP_CONNECTIONS.aurora;
const FIRST_NUMBER = AURORA.phoneNumbers[0].id;
/** A second number on Aurora's connection, added for the "reply from the number the lead wrote to" case. */
const SECOND_NUMBER = "104729381029999";
const HOUR = 60 * 60 * 1000;

interface MessageRow {
  id: string;
  author_id: string | null;
  content: string;
  status: string | null;
  external_id: string | null;
  metadata: Record<string, unknown>;
  direction: string;
}

/**
 * Sending WhatsApp from the lead page over HTTP, then through the worker to
 * the Graph stand-in: the 24-hour window is enforced before anything is
 * queued, the row and its job commit together, the task sends each message
 * at most once, and none of it bumps the lead's version.
 */
describe("sending WhatsApp messages", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  let clients: Record<DemoPerson, TestClient>;
  let auroraId = "";
  let stageId = "";
  let repId = "";
  let standIn: GraphStandIn;
  const saved = { graph: process.env.WHATSAPP_GRAPH_URL, standIn: process.env.WHATSAPP_STAND_IN_URL };

  beforeAll(async () => {
    clients = await signInDemoCast(server);
    auroraId = await organizationId(db, "aurora");
    stageId = (await stagesOf(db, auroraId))[0].id;
    repId = (await userByEmail(db, "rep@aurora.test")).id;
    standIn = await startGraphStandIn({
      accounts: [
        {
          wabaId: AURORA.wabaId,
          accessToken: AURORA.accessToken,
          phoneNumbers: [...AURORA.phoneNumbers, { id: SECOND_NUMBER, display: "+55 11 4000-0002" }],
          templates: AURORA.templates,
        },
      ],
    });
    // The worker's Graph client reads its base URL from the environment (graphTargetOf).
    process.env.WHATSAPP_GRAPH_URL = standIn.url;
    delete process.env.WHATSAPP_STAND_IN_URL;
    resetEnv();
    const [connection] = await db.adminQuery<{ id: string }>("select id from whatsapp_connections where organization_id = $1", [auroraId]);
    await db.adminQuery(
      `insert into whatsapp_phone_numbers (id, organization_id, connection_id, phone_number_id, display_phone_number, created_at)
       values ($1, $2, $3, $4, '+55 11 4000-0002', now())`,
      [randomUUID(), auroraId, connection.id, SECOND_NUMBER],
    );
  });

  afterAll(async () => {
    await standIn?.close();
    for (const [name, value] of [["WHATSAPP_GRAPH_URL", saved.graph], ["WHATSAPP_STAND_IN_URL", saved.standIn]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnv();
  });

  const work = () => runOnce({ connectionString: db.ownerUrl, taskList, logger: quietLogger, noHandleSignals: true });
  const sends = () => standIn.sent.filter((request) => request.route === "messages");

  /** A lead with a phone; `wroteAgo` is how long ago it last wrote (null: never). */
  async function freshLead(wroteAgo: number | null) {
    const fullName = `Lead de WhatsApp ${Math.random().toString(36).slice(2)}`;
    expect((await postBoard(clients.owner, "aurora", { intent: "create", stageId, fullName })).status).toBe(200);
    const phone = `+55119${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
    const [row] = await db.adminQuery<{ id: string; version: number }>(
      "update leads set phone = $2, last_inbound_at = $3 where full_name = $1 returning id, version",
      [fullName, phone, wroteAgo === null ? null : new Date(Date.now() - wroteAgo)],
    );
    return { ...row, phone };
  }
  const post = (client: TestClient, leadId: string, form: Record<string, string> | URLSearchParams) =>
    client.request(`/o/aurora/leads/${leadId}.data`, { method: "POST", body: new URLSearchParams(form).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
  const answerOf = async (response: { body: string }) => {
    const decoded = (await decodeSingleFetch(response.body)) as { data?: { message: string | null; fieldErrors: Record<string, string[]> } };
    return decoded.data!;
  };
  const messagesOf = (leadId: string) =>
    db.adminQuery<MessageRow>(
      "select id, author_id, content, status, external_id, metadata, direction from communications where lead_id = $1 and channel = 'whatsapp' order by sent_at",
      [leadId],
    );
  const jobsOf = (messageId: string) =>
    db.adminQuery<{ id: string; attempts: number; key: string | null }>("select id::text, attempts, key from graphile_worker.jobs where key = $1", [
      `whatsapp__send_message:${messageId}`,
    ]);
  const eventsOf = (leadId: string) =>
    db.adminQuery<{ type: string; data: Record<string, unknown> }>(
      "select type, data from realtime_events where organization_id = $1 and data->>'leadId' = $2 and type <> 'lead.created' order by event_id",
      [auroraId, leadId],
    );
  const leadOf = (leadId: string) =>
    db.adminQuery<{ version: number; last_contact_at: Date | null; last_contact_channel: string | null; unread_count: number }>(
      "select version, last_contact_at, last_contact_channel, unread_count from leads where id = $1",
      [leadId],
    ).then((rows) => rows[0]);

  it("queues text inside the window (row, job, events in one go) and the worker sends it with the connection's token", async () => {
    const lead = await freshLead(HOUR);
    const before = sends().length;
    const response = await post(clients.rep, lead.id, { intent: "send-whatsapp", text: "  Olá! Segue a proposta.  " });
    expect(response.status).toBe(200);

    const [queued] = await messagesOf(lead.id);
    expect(queued).toMatchObject({ author_id: repId, content: "Olá! Segue a proposta.", status: "queued", external_id: null, direction: "outbound" });
    expect(queued.metadata).toMatchObject({ kind: "text", phoneNumberId: FIRST_NUMBER });
    expect(await jobsOf(queued.id)).toHaveLength(1);
    expect(await eventsOf(lead.id)).toMatchObject([
      { type: "lead.updated", data: { fields: ["lastContactAt", "lastContactChannel"], version: lead.version } },
      { type: "message.created", data: { messageId: queued.id, status: "queued", direction: "outbound" } },
    ]);
    // The preview travels live only (ADR 016): the event log keeps no word of the conversation.
    expect((await eventsOf(lead.id))[1].data).not.toHaveProperty("preview");
    const after = await leadOf(lead.id);
    expect(after.version).toBe(lead.version);
    expect(after.last_contact_channel).toBe("whatsapp");

    await work();
    const sent = sends().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0].token).toBe(AURORA.accessToken);
    expect(sent[0].path.endsWith(`/${FIRST_NUMBER}/messages`)).toBe(true);
    expect(sent[0].body).toMatchObject({ to: lead.phone.slice(1), type: "text", text: { body: "Olá! Segue a proposta." } });
    const [delivered] = await messagesOf(lead.id);
    expect(delivered.status).toBe("sent");
    expect(delivered.external_id).toMatch(/^wamid\./);
    expect(delivered.metadata).not.toHaveProperty("sendClaimedAt");
    expect((await eventsOf(lead.id)).at(-1)).toMatchObject({ type: "message.updated", data: { messageId: queued.id, status: "sent" } });
    expect((await leadOf(lead.id)).version).toBe(lead.version);
  });

  it("refuses text once the window has closed (422 naming the approved templates) and writes and queues nothing", async () => {
    for (const wroteAgo of [25 * HOUR, null]) {
      const lead = await freshLead(wroteAgo);
      const leadBefore = await leadOf(lead.id);
      const response = await post(clients.rep, lead.id, { intent: "send-whatsapp", text: "Oi, tudo bem?" });
      expect(response.status).toBe(422);
      const answer = await answerOf(response);
      expect(answer.message).toContain("janela de 24 horas");
      expect(answer.message).toContain("boas_vindas");
      expect(answer.message).not.toContain("proposta_enviada");
      expect(await messagesOf(lead.id)).toEqual([]);
      expect(await eventsOf(lead.id)).toEqual([]);
      expect(await leadOf(lead.id)).toEqual(leadBefore);
    }
    expect(await db.adminQuery("select 1 from graphile_worker.jobs j left join communications c on j.key = 'whatsapp__send_message:' || c.id where j.task_identifier = 'whatsapp__send_message' and c.id is null")).toEqual([]);
  });

  it("sends an approved template outside the window, its variables in order and its body filled on the timeline", async () => {
    const lead = await freshLead(3 * 24 * HOUR);
    const before = sends().length;
    const form = new URLSearchParams([
      ["intent", "send-template"],
      ["template", "retomar_contato"],
      ["language", "pt_BR"],
      ["variable", "Maria"],
      ["variable", "um site novo"],
    ]);
    const sentTemplate = await post(clients.rep, lead.id, form);
    expect(sentTemplate.status, sentTemplate.body).toBe(200);
    const [queued] = await messagesOf(lead.id);
    expect(queued.content).toBe("Oi, Maria! Ainda tem interesse em um site novo? Podemos conversar hoje?");
    expect(queued.metadata).toMatchObject({ kind: "template", template: { name: "retomar_contato", language: "pt_BR", variables: ["Maria", "um site novo"] } });
    await work();
    const sent = sends().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0].body).toMatchObject({
      type: "template",
      template: { name: "retomar_contato", language: { code: "pt_BR" }, components: [{ type: "body", parameters: [{ type: "text", text: "Maria" }, { type: "text", text: "um site novo" }] }] },
    });
    expect((await messagesOf(lead.id))[0].status).toBe("sent");
  });

  it("refuses a wrong variable count, a template that is not approved and bad text with 400, writing nothing", async () => {
    const lead = await freshLead(HOUR);
    const template = (name: string, variables: string[]) =>
      new URLSearchParams([["intent", "send-template"], ["template", name], ["language", "pt_BR"], ...variables.map((v) => ["variable", v])]);
    const wrongCount = await post(clients.rep, lead.id, template("retomar_contato", ["Maria"]));
    expect(wrongCount.status).toBe(400);
    expect((await answerOf(wrongCount)).fieldErrors.variable?.[0]).toContain("2 variáveis");
    expect((await post(clients.rep, lead.id, template("boas_vindas", []))).status).toBe(400);
    expect((await post(clients.rep, lead.id, template("proposta_enviada", ["Maria"]))).status).toBe(400);
    expect((await post(clients.rep, lead.id, template("nao_existe", []))).status).toBe(400);
    expect((await post(clients.rep, lead.id, { intent: "send-whatsapp", text: "   " })).status).toBe(400);
    expect((await post(clients.rep, lead.id, { intent: "send-whatsapp", text: "x".repeat(4097) })).status).toBe(400);
    expect((await post(clients.rep, lead.id, { intent: "send-whatsapp", text: "a\0b" })).status).toBe(400);
    expect(await messagesOf(lead.id)).toEqual([]);
    expect(await eventsOf(lead.id)).toEqual([]);
  });

  it("refuses a viewer, another organization and a lead without a phone", async () => {
    const lead = await freshLead(HOUR);
    expect([403, 404]).toContain((await post(clients.viewer, lead.id, { intent: "send-whatsapp", text: "Oi" })).status);
    expect((await clients.boreal.post(`/o/boreal/leads/${lead.id}.data`, { intent: "send-whatsapp", text: "Oi" })).status).toBe(404);
    await db.adminQuery("update leads set phone = null where id = $1", [lead.id]);
    const noPhone = await post(clients.rep, lead.id, { intent: "send-whatsapp", text: "Oi" });
    expect(noPhone.status).toBe(422);
    expect((await answerOf(noPhone)).message).toContain("telefone");
    expect(await messagesOf(lead.id)).toEqual([]);
    expect(await eventsOf(lead.id)).toEqual([]);
  });

  it("answers from the number the lead last wrote to", async () => {
    const lead = await freshLead(HOUR);
    await db.adminQuery(
      `insert into communications (id, organization_id, lead_id, channel, direction, content, metadata, status, external_id, sent_at, created_at, updated_at)
       values ($1, $2, $3, 'whatsapp', 'inbound', 'Oi, quero saber o preço', $4::jsonb, 'received', $5, now() - interval '1 hour', now(), now())`,
      [randomUUID(), auroraId, lead.id, JSON.stringify({ kind: "text", phoneNumberId: SECOND_NUMBER }), `wamid.in-${randomUUID()}`],
    );
    const before = sends().length;
    expect((await post(clients.rep, lead.id, { intent: "send-whatsapp", text: "Custa R$ 500." })).status).toBe(200);
    await work();
    const sent = sends().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0].path.endsWith(`/${SECOND_NUMBER}/messages`)).toBe(true);
    expect((await messagesOf(lead.id)).find((m) => m.direction === "outbound")?.metadata).toMatchObject({ phoneNumberId: SECOND_NUMBER });
  });

  it("retries a 5xx with backoff and sends exactly once", async () => {
    const lead = await freshLead(HOUR);
    expect((await post(clients.rep, lead.id, { intent: "send-whatsapp", text: "Tentativa" })).status).toBe(200);
    const [queued] = await messagesOf(lead.id);
    const before = sends().length;
    standIn.failNext("messages", { status: 500, body: { error: { message: "Service unavailable", type: "OAuthException", code: 2 } } });
    await work();
    const [waiting] = await messagesOf(lead.id);
    expect(waiting).toMatchObject({ status: "queued", external_id: null });
    expect(waiting.metadata).not.toHaveProperty("sendClaimedAt");
    expect(waiting.metadata.lastError).toContain("HTTP 500");
    const [job] = await jobsOf(queued.id);
    expect(job.attempts).toBe(1);

    // The backoff's wait, skipped.
    await db.adminQuery("update graphile_worker._private_jobs set run_at = now() where id = $1", [job.id]);
    await work();
    expect(sends().slice(before)).toHaveLength(2); // the refused attempt and one accepted send
    const [done] = await messagesOf(lead.id);
    expect(done.status).toBe("sent");
    expect(done.external_id).toMatch(/^wamid\./);
    expect(await jobsOf(queued.id)).toEqual([]);
  });

  it("fails a message Meta refuses for good, with the reason on the timeline", async () => {
    const lead = await freshLead(HOUR);
    expect((await post(clients.rep, lead.id, { intent: "send-whatsapp", text: "Fora da janela na Meta" })).status).toBe(200);
    const [queued] = await messagesOf(lead.id);
    standIn.failNext("messages", {
      status: 400,
      body: { error: { message: "Re-engagement message", type: "OAuthException", code: 131047, error_user_title: "Mensagem de reengajamento" } },
    });
    await work();
    const [failed] = await messagesOf(lead.id);
    expect(failed.status).toBe("failed");
    expect(failed.metadata.error).toEqual({ code: 131047, title: "Mensagem de reengajamento" });
    expect(await jobsOf(queued.id)).toEqual([]);
    expect((await eventsOf(lead.id)).at(-1)).toMatchObject({ type: "message.updated", data: { messageId: queued.id, status: "failed" } });

    const page = await clients.rep.get(`/o/aurora/leads/${lead.id}`);
    expect(page.body).toContain("Mensagem de reengajamento");
  });

  it("never sends a message twice: a duplicate job after the send, and a claim whose outcome is unknown", async () => {
    const lead = await freshLead(HOUR);
    expect((await post(clients.rep, lead.id, { intent: "send-whatsapp", text: "Uma vez só" })).status).toBe(200);
    const [queued] = await messagesOf(lead.id);
    const before = sends().length;
    await work();
    await withOrganization(auroraId, (tx) => enqueueJob(tx, whatsappSendMessageJob, { organizationId: auroraId, communicationId: queued.id }));
    await work();
    expect(sends().slice(before)).toHaveLength(1);

    // Another attempt claimed it moments ago and may be sending right now: this one waits its turn.
    expect((await post(clients.rep, lead.id, { intent: "send-whatsapp", text: "Em andamento" })).status).toBe(200);
    const racing = (await messagesOf(lead.id)).find((m) => m.content === "Em andamento")!;
    await db.adminQuery("update communications set metadata = metadata || jsonb_build_object('sendClaimedAt', $2::text) where id = $1", [
      racing.id,
      new Date().toISOString(),
    ]);
    await work();
    expect(sends().slice(before)).toHaveLength(1);
    expect((await jobsOf(racing.id))[0].attempts).toBe(1);
    const [waiting] = await db.adminQuery<MessageRow>("select status, external_id from communications where id = $1", [racing.id]);
    expect(waiting).toEqual({ status: "queued", external_id: null });
    await db.adminQuery("delete from graphile_worker._private_jobs where key = $1", [`whatsapp__send_message:${racing.id}`]);

    // An attempt that claimed the message and then vanished (a crash between Graph's answer and our commit).
    expect((await post(clients.rep, lead.id, { intent: "send-whatsapp", text: "Destino incerto" })).status).toBe(200);
    const crashed = (await messagesOf(lead.id)).find((m) => m.content === "Destino incerto")!;
    await db.adminQuery("update communications set metadata = metadata || jsonb_build_object('sendClaimedAt', $2::text) where id = $1", [
      crashed.id,
      new Date(Date.now() - 10 * 60 * 1000).toISOString(),
    ]);
    await work();
    expect(sends().slice(before)).toHaveLength(1);
    const [settled] = await db.adminQuery<MessageRow>("select status, metadata, external_id from communications where id = $1", [crashed.id]);
    expect(settled.status).toBe("failed");
    expect(settled.external_id).toBeNull();
    expect((settled.metadata.error as { title: string }).title).toContain("desconhecido");
  });

  it("shows the composer with the sending number and approved templates, never a secret; the assignee's visit marks the lead read", async () => {
    const lead = await freshLead(2 * HOUR);
    await db.adminQuery("update leads set assignee_id = $2, unread_count = 3 where id = $1", [lead.id, repId]);
    const data = await clients.rep.get(`/o/aurora/leads/${lead.id}.data?_routes=routes/o.$slug.leads.$leadId`);
    expect(data.status).toBe(200);
    const decoded = (await decodeSingleFetch(data.body)) as Record<string, { data: { whatsapp: { from: string; templates: { name: string }[] } } }>;
    const composer = decoded["routes/o.$slug.leads.$leadId"].data.whatsapp;
    expect(composer.from).toBe(AURORA.phoneNumbers[0].display);
    expect(composer.templates.map((t) => t.name)).toEqual(["boas_vindas", "retomar_contato"]);
    expect(data.body).not.toContain(AURORA.accessToken);
    const openPage = await clients.rep.get(`/o/aurora/leads/${lead.id}`);
    expect(openPage.body).toContain("janela fecha em 21 h");
    expect(openPage.body).toContain('name="text"');
    const closed = await freshLead(30 * HOUR);
    const closedPage = await clients.rep.get(`/o/aurora/leads/${closed.id}`);
    expect(closedPage.body).toContain("janela de 24 h fechada");
    expect(closedPage.body).toContain('name="variable"');
    expect(closedPage.body).not.toContain('name="text"');

    // Someone else's visit leaves the assignee's count alone; the assignee's resets it without a new version.
    expect((await post(clients.manager, lead.id, { intent: "mark-read" })).status).toBe(200);
    expect((await leadOf(lead.id)).unread_count).toBe(3);
    expect((await post(clients.rep, lead.id, { intent: "mark-read" })).status).toBe(200);
    expect(await leadOf(lead.id)).toMatchObject({ unread_count: 0, version: lead.version });
    expect((await eventsOf(lead.id)).at(-1)).toMatchObject({ type: "lead.updated", data: { fields: ["unreadCount"], version: lead.version } });
    expect([403, 404]).toContain((await post(clients.viewer, lead.id, { intent: "mark-read" })).status);
  });
});
