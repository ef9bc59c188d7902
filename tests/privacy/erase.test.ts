import { randomUUID } from "node:crypto";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGraphStandIn, type GraphStandIn } from "~/server/graph-stand-in";
import { deleteLead } from "~/modules/leads/delete-lead.server";
import { leadFieldsSchema } from "~/modules/leads/lead-fields.server";
import { updateLead } from "~/modules/leads/update-lead.server";
import { createPrivacyRequest } from "~/modules/privacy/create-privacy-request.server";
import { eraseDataSubject } from "~/modules/privacy/erase/erase-data-subject.server";
import type { QueueQuery } from "~/modules/privacy/erase/forget-subject-jobs.server";
import { resetEnv } from "~/utils/env.server";
import { DomainRefusal } from "~/utils/refusal.server";
import { getStorage } from "~/utils/storage.server";
import { loadBoard, organizationId, postBoard, stagesOf, userByEmail } from "../board/support";
import { setAi } from "../ai/support";
import { aFile, objectBytes } from "../files/support";
import { signInDemoCast, type TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { openStream } from "../realtime/helpers";
import type { SseClient } from "../realtime/sse-client";
import { createConnection, messageBody, nowSeconds, postWebhook, runJobs, wamid, type TestConnection } from "../whatsapp/support";

const NAME = "Josefina Tavares Quintela";
const EMAIL = "josefina.quintela@exemplo.com.br";
const WA_ID = "5511987654321";
/** Every way the person shows up in text: the name and parts of it, the e-mail, the phone as WhatsApp, Twilio and people write it. */
const NEEDLES = [NAME, "Quintela", "Josefina", EMAIL, WA_ID, "11987654321", "98765-4321", "+55 11 98765-4321", "987654321"];
const META = { ipAddress: "203.0.113.9", userAgent: "erase-test/1.0" };

/**
 * A deletion request carried out by the worker: the person (two duplicate
 * leads and everything copied from them) is gone from every text and JSON
 * column of every table and from the bucket; everyone else is exactly as
 * they were.
 */
describe("a data subject's deletion (privacy__erase)", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  let graph: GraphStandIn;
  let connection: TestConnection;
  let aurora = "";
  let boreal = "";
  let owner = { id: "", fullName: "" };
  let requestId = "";
  let subjectLeadIds: string[] = [];
  let personFileKeys: string[] = [];
  let personInboxIds: string[] = [];
  let deletedDuplicateId = "";
  let waitingInboxId = "";
  let before = "";
  let viewer: TestClient;
  /** A teammate's open board, listening while the job runs. */
  let board: SseClient;

  const auroraActor = () => ({ organizationId: aurora, userId: owner.id, userName: owner.fullName, meta: META });

  /** Everything that belongs to other people, as the superuser reads it: leads, timelines, history, files and their bytes. */
  async function othersSnapshot() {
    const ids = subjectLeadIds;
    const rows = await db.adminQuery(
      `select (select json_agg(l order by l.id) from leads l where l.id <> all($1::uuid[])) as leads,
              (select json_agg(c order by c.id) from communications c where c.lead_id <> all($1::uuid[])) as communications,
              (select json_agg(a order by a.id) from lead_activities a where a.lead_id <> all($1::uuid[])) as activities,
              (select json_agg(s order by s.id) from ai_summaries s where s.lead_id <> all($1::uuid[])) as summaries,
              (select json_agg(f order by f.id) from stored_files f where f.storage_key <> all($2::text[]) and f.kind <> 'export') as files,
              (select json_agg(w order by w.id) from webhook_inbox w where w.id <> all($3::uuid[])) as inbox,
              (select json_agg(a order by a.id) from audit_logs a where a.resource_type = 'lead' and a.resource_id <> all($4::uuid[])) as audits`,
      [ids, personFileKeys, personInboxIds, [...ids, deletedDuplicateId]],
    );
    const files = (rows[0].files ?? []) as { storage_key: string }[];
    const bytes = await Promise.all(files.map(async (file) => (await objectBytes(file.storage_key)).toString("base64")));
    return JSON.stringify({ rows, bytes });
  }

  /** Every base table's text, varchar, JSON and array column in the app's schemas, for searching. */
  async function searchableColumns() {
    return db.adminQuery<{ schema: string; table: string; column: string }>(
      `select c.table_schema as schema, c.table_name as table, c.column_name as column
         from information_schema.columns c
         join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
        where c.table_schema in ('public', 'graphile_worker')
          and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb') or c.udt_name in ('_text', '_varchar'))
        order by 1, 2, 3`,
    );
  }

  /** Where any of the person's traces remain: "schema.table.column: needle (rows)" for each hit, the request's own row excepted. */
  async function findPerson() {
    const hits: string[] = [];
    const columns = await searchableColumns();
    const client = new pg.Client({ connectionString: db.superuserUrl });
    await client.connect();
    try {
      for (const { schema, table, column } of columns) {
        const own = schema === "public" && table === "privacy_requests" ? ` and id::text <> $2` : "";
        const { rows } = await client.query<{ needle: string; count: number }>(
          `select needle, count(*)::int as count from "${schema}"."${table}", unnest($1::text[]) needle
            where "${column}"::text ilike '%' || needle || '%'${own} group by needle`,
          own ? [NEEDLES, requestId] : [NEEDLES],
        );
        for (const row of rows) hits.push(`${schema}.${table}.${column}: ${row.needle} (${row.count})`);
      }
    } finally {
      await client.end();
    }
    return hits;
  }

  async function bucketObjects() {
    const { client, bucket } = await getStorage();
    const keys: { key: string; size: number }[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
      for (const object of page.Contents ?? []) keys.push({ key: object.Key!, size: object.Size ?? 0 });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  async function objectText(key: string) {
    const { client, bucket } = await getStorage();
    const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await Body!.transformToByteArray()).toString("latin1");
  }

  /** The queue's own tables, as the worker reaches them. */
  async function queueQuery<Row>(sql: string, values: unknown[]) {
    const client = new pg.Client({ connectionString: db.ownerUrl });
    await client.connect();
    try {
      return (await client.query(sql, values)).rows as Row[];
    } finally {
      await client.end();
    }
  }

  async function aFailedJob(task: string, payload: Record<string, unknown>, lastError: string) {
    const [{ id }] = await db.adminQuery<{ id: string }>(`select id::text from graphile_worker.add_job($1, $2::json, max_attempts => 1)`, [task, JSON.stringify(payload)]);
    await db.adminQuery(`update graphile_worker._private_jobs set attempts = 1, last_error = $2, run_at = now() + interval '1 year' where id = $1`, [id, lastError]);
    return id;
  }

  async function aCall(organization: string, leadId: string, phone: string, name: string) {
    const callId = randomUUID();
    await db.adminQuery(
      `insert into communications (id, organization_id, lead_id, channel, direction, content, metadata, status, sent_at, created_at, updated_at)
       values ($1, $2, $3, 'phone', 'inbound', '', '{}'::jsonb, 'completed', now() - interval '2 hours', now(), now())`,
      [callId, organization, leadId],
    );
    const recording = await aFile(organization, { kind: "call_recording", contentType: "audio/mpeg", communicationId: callId, body: Buffer.from(`gravação: aqui é ${name}, ${phone}`) });
    const metadata = {
      kind: "call",
      call: {
        connectionId: randomUUID(),
        orgNumber: "+551130000000",
        leadPhone: phone,
        durationSeconds: 93,
        outcome: "answered",
        outcomeNote: `${name} pediu proposta`,
        recording: { state: "stored", recordingSid: "RE0123456789abcdef0123456789abcdef", fileId: recording.id, durationSeconds: 90 },
        transcript: { state: "done", text: `Olá, aqui é ${name}`, model: "gpt-4o-mini-transcribe", reason: null },
      },
    };
    await db.adminQuery(`update communications set metadata = $2::jsonb where id = $1`, [callId, JSON.stringify(metadata)]);
    return { callId, recording };
  }

  async function aNote(organization: string, leadId: string, text: string) {
    await db.adminQuery(
      `insert into communications (id, organization_id, lead_id, author_id, channel, direction, content, metadata, sent_at, created_at, updated_at)
       values (gen_random_uuid(), $1, $2, $3, 'note', 'internal', $4, '{"kind":"note"}'::jsonb, now() - interval '1 hour', now(), now())`,
      [organization, leadId, owner.id, text],
    );
  }

  async function aSummary(organization: string, leadId: string, text: string) {
    await db.adminQuery(
      `insert into ai_summaries (id, organization_id, lead_id, provider, model, status, trigger, input_fingerprint, entry_count, output, sentiment, created_at)
       values (gen_random_uuid(), $1, $2, 'local', 'local', 'succeeded', 'manual', md5(random()::text) || md5(random()::text), 3, $3::jsonb, 'positive', now())`,
      [organization, leadId, JSON.stringify({ summary: text, nextSteps: [`Ligar para ${text}`] })],
    );
  }

  /** A lead written straight to a stage, with another person's data (the sentinels that must not change). */
  async function aSentinel(organization: string, name: string, email: string, phone: string) {
    const [stage] = await stagesOf(db, organization);
    const [{ id }] = await db.adminQuery<{ id: string }>(
      `insert into leads (id, organization_id, full_name, email, phone, company, notes, custom_fields, stage_id, position, created_at, updated_at)
       values (gen_random_uuid(), $1, $2, $3, $4, 'Sentinela Ltda', $5, $6::jsonb, $7, 'zz' || md5(random()::text), now(), now()) returning id`,
      [organization, name, email, phone, `Notas de ${name}`, JSON.stringify({ cpf: "111.222.333-44", apelido: name }), stage.id],
    );
    await aNote(organization, id, `Conversa com ${name} (${phone})`);
    await aCall(organization, id, phone, name);
    await aSummary(organization, id, name);
    return id;
  }

  beforeAll(async () => {
    const clients = await signInDemoCast(server);
    aurora = await organizationId(db, "aurora");
    boreal = await organizationId(db, "boreal");
    // No summaries queued by the messages below: the ones this test writes are the person's.
    await setAi(db, aurora, { enabled: false });
    owner = await userByEmail(db, "owner@aurora.test");
    connection = await createConnection(db, aurora);
    graph = await startGraphStandIn({
      accounts: [{ wabaId: connection.wabaId, accessToken: connection.accessToken, phoneNumbers: connection.numbers.map((id) => ({ id, display: "+55 11 4000-0000" })) }],
    });
    process.env.WHATSAPP_GRAPH_URL = graph.url;
    resetEnv();
    const [stage] = await stagesOf(db, aurora);
    const editor = { organizationId: aurora, user: owner, canAssign: true, canArchive: true };

    // The first lead comes in as WhatsApp creates one: a text, then a photo (its bytes name the person).
    const deliver = async (message: Record<string, unknown>) => {
      expect((await postWebhook(server.url, connection, messageBody(connection.numbers[0], message, { waId: WA_ID, name: NAME }))).status).toBe(200);
      await runJobs(db);
    };
    await deliver({ from: WA_ID, id: wamid(), timestamp: nowSeconds(-600), type: "text", text: { body: `Oi, aqui é ${NAME}, meu e-mail é ${EMAIL}` } });
    graph.addMedia("media-rg", { bytes: Buffer.from(`RG de ${NAME} ${EMAIL}`), mimeType: "image/jpeg", wabaId: connection.wabaId });
    await deliver({ from: WA_ID, id: wamid(), timestamp: nowSeconds(-500), type: "image", image: { id: "media-rg", mime_type: "image/jpeg", caption: `Documento de ${NAME}` } });
    const [whatsappLead] = await db.adminQuery<{ id: string }>(`select id from leads where organization_id = $1 and phone_key = phone_match_key($2)`, [aurora, WA_ID]);
    const media = await db.adminQuery<{ storage_key: string }>(
      `select f.storage_key from stored_files f join communications c on c.id = f.communication_id where c.lead_id = $1`,
      [whatsappLead.id],
    );
    expect(media).toHaveLength(1);
    const [outbound] = await db.adminQuery<{ id: string }>(
      `insert into communications (id, organization_id, lead_id, author_id, channel, direction, content, metadata, external_id, status, sent_at, created_at, updated_at)
       values (gen_random_uuid(), $1, $2, $3, 'whatsapp', 'outbound', $4, $5::jsonb, $6, 'failed', now(), now(), now()) returning id`,
      [aurora, whatsappLead.id, owner.id, `Olá ${NAME}, segue a proposta`, JSON.stringify({ kind: "text", to: WA_ID }), wamid()],
    );

    // The second is typed on the board, then edited as the lead form does (a rename, contact, company, notes).
    const created = await postBoard(clients.owner, "aurora", { intent: "create", stageId: stage.id, fullName: "Josefina Quintela" });
    const typedLeadId = (created.body.card as { id: string }).id;
    const fields = leadFieldsSchema.parse({
      fullName: NAME,
      phone: "+55 11 98765-4321",
      email: EMAIL.toUpperCase(),
      company: "Quintela Doces ME",
      jobTitle: "Sócia",
      notes: `${NAME} prefere contato à tarde pelo 98765-4321`,
      tags: `quente, indicação ${NAME}`,
    });
    expect(await updateLead(editor, { leadId: typedLeadId, version: 1, fields })).toMatchObject({ status: "updated" });
    await db.adminQuery(`update leads set custom_fields = $2::jsonb, ai_sentiment = 'positive', ai_summary_at = now() where id = $1`, [
      typedLeadId,
      JSON.stringify({ cpf: "123.456.789-00", apelido: "Jô Quintela" }),
    ]);
    await aNote(aurora, typedLeadId, `Ligar para ${NAME} no +55 11 98765-4321`);
    const call = await aCall(aurora, typedLeadId, "+5511987654321", NAME);
    await aSummary(aurora, typedLeadId, NAME);

    // A third duplicate, deleted by hand: its audit entry keeps a snapshot of the person.
    const third = await postBoard(clients.owner, "aurora", { intent: "create", stageId: stage.id, fullName: NAME });
    const thirdId = (third.body.card as { id: string }).id;
    await deleteLead(auroraActor(), { leadId: thirdId });
    deletedDuplicateId = thirdId;

    // An event stored before the replay buffer dropped cards (ADR 016), naming the person.
    await db.adminQuery(
      `insert into realtime_sequences (organization_id, last_event_id) values ($1, 1) on conflict (organization_id) do update set last_event_id = realtime_sequences.last_event_id + 1`,
      [aurora],
    );
    await db.adminQuery(
      `insert into realtime_events (organization_id, event_id, type, data, created_at)
       select $1, last_event_id, 'lead.updated', $2::jsonb, now() from realtime_sequences where organization_id = $1`,
      [aurora, JSON.stringify({ leadId: typedLeadId, stageId: stage.id, version: 2, fields: ["fullName"], card: { fullName: NAME, phone: "+5511987654321" } })],
    );

    // Sentinels: another lead of this organization and one of another organization, with their own files and history.
    const sentinel = await aSentinel(aurora, "Bartolomeu Sentinela", "bartolomeu@sentinela.test", "+5521998761234");
    await aSentinel(boreal, "Clotilde Sentinela", "clotilde@sentinela.test", "+5531997651234");
    // Another person deleted by hand, whose phone shares the last four digits: their audit snapshot stays whole.
    const lookalike = await aSentinel(aurora, "Bartolomeu Parecido", "parecido@sentinela.test", "+5521912344321");
    await deleteLead(auroraActor(), { leadId: lookalike });
    const [sentinelVersion] = await db.adminQuery<{ version: number }>(`select version from leads where id = $1`, [sentinel]);
    expect(await updateLead(editor, { leadId: sentinel, version: sentinelVersion.version, fields: { jobTitle: "Gerente" } })).toMatchObject({ status: "updated" });

    // Jobs that failed: one about the person's message (its error quotes Meta), one about the sentinel's.
    await aFailedJob("whatsapp__send_message", { organizationId: aurora, communicationId: outbound.id }, `Meta refused the message to ${WA_ID} (${NAME})`);
    await aFailedJob("whatsapp__send_message", { organizationId: aurora, communicationId: randomUUID() }, "Meta refused the message to 5521998761234");

    // An earlier access request about the person, answered with an archive that names them.
    const access = await createPrivacyRequest(auroraActor(), { kind: "access", subject: { leadId: typedLeadId }, requesterContact: EMAIL });
    await db.adminQuery(`delete from graphile_worker._private_jobs where task_id = (select id from graphile_worker._private_tasks where identifier = 'privacy__export')`);
    const archive = await aFile(aurora, { kind: "export", contentType: "application/zip", body: Buffer.from(`export de ${NAME} <${EMAIL}> ${WA_ID}`) });
    await db.adminQuery(`update privacy_requests set status = 'done', progress = 100, export_file_id = $2, export_expires_at = now() + interval '7 days' where id = $1`, [access.id, archive.id]);

    // A delivery still waiting for the worker when the request comes in.
    const waiting = messageBody(connection.numbers[0], { from: WA_ID, id: wamid(), timestamp: nowSeconds(), type: "text", text: { body: "Ainda está aí?" } }, { waId: WA_ID, name: NAME });
    [{ id: waitingInboxId }] = await db.adminQuery<{ id: string }>(
      `insert into webhook_inbox (id, organization_id, provider, connection_id, dedup_key, payload, received_at, status, attempts)
       values (gen_random_uuid(), $1, 'whatsapp', $2, $3, $4::jsonb, now(), 'pending', 0) returning id`,
      [aurora, connection.id, `message:${wamid()}`, JSON.stringify(waiting.entry[0].changes[0].value)],
    );
    // A Twilio status callback about the person's call (E.164, as Twilio writes numbers).
    await db.adminQuery(
      `insert into webhook_inbox (id, organization_id, provider, connection_id, dedup_key, payload, received_at, status, attempts, processed_at)
       values (gen_random_uuid(), $1, 'twilio', gen_random_uuid(), $2, $3::jsonb, now(), 'processed', 1, now())`,
      [aurora, `call:CA${randomUUID().replaceAll("-", "")}:completed`, JSON.stringify({ From: "+5511987654321", To: "+551130000000", CallStatus: "completed", CallerName: NAME })],
    );
    subjectLeadIds = [whatsappLead.id, typedLeadId];
    personInboxIds = (await db.adminQuery<{ id: string }>(`select id from webhook_inbox where payload::text like '%' || $1 || '%'`, [WA_ID])).map((row) => row.id);
    // Two WhatsApp deliveries processed, one waiting, one Twilio callback.
    expect(personInboxIds).toHaveLength(4);
    const recordingKey = await db.adminQuery<{ storage_key: string }>(`select storage_key from stored_files where id = $1`, [call.recording.id]);
    personFileKeys = [...media.map((row) => row.storage_key), recordingKey[0].storage_key, (await db.adminQuery<{ storage_key: string }>(`select storage_key from stored_files where id = $1`, [archive.id]))[0].storage_key];

    // The person is everywhere before the request (so the search below can find them).
    expect((await findPerson()).length).toBeGreaterThan(10);
    before = await othersSnapshot();

    viewer = clients.viewer;
    board = await openStream(server.url, viewer, "aurora");
    expect(board.status).toBe(200);
    const request = await createPrivacyRequest(auroraActor(), {
      kind: "deletion",
      subject: { leadId: typedLeadId },
      requesterContact: `pedido feito por ${EMAIL}`,
      confirmLeadIds: subjectLeadIds,
    });
    requestId = request.id;
    expect(request.leadCount).toBe(2);
  });
  afterAll(() => {
    board?.close();
    return graph?.close();
  });

  it("another organization's admin can neither register a request for the person nor run this one", async () => {
    const borealOwner = await userByEmail(db, "owner@boreal.test");
    const actor = { organizationId: boreal, userId: borealOwner.id, userName: borealOwner.fullName, meta: META };
    await expect(createPrivacyRequest(actor, { kind: "deletion", subject: { leadId: subjectLeadIds[1] }, requesterContact: "x@y.z" })).rejects.toBeInstanceOf(DomainRefusal);
    const [{ count }] = await db.adminQuery<{ count: number }>(`select count(*)::int as count from privacy_requests where organization_id = $1`, [boreal]);
    expect(count).toBe(0);

    // The job run under boreal with aurora's request id finds nothing to do.
    await eraseDataSubject({ organizationId: boreal, requestId }, queueQuery);
    const [request] = await db.adminQuery<{ status: string }>(`select status from privacy_requests where id = $1`, [requestId]);
    expect(request.status).toBe("received");
    const leads = await db.adminQuery<{ full_name: string }>(`select full_name from leads where id = any($1::uuid[]) order by full_name`, [subjectLeadIds]);
    expect(leads.map((lead) => lead.full_name)).toEqual([NAME, NAME]);
  });

  it("leaves no trace of the person in any text or JSON column of any table, nor in the bucket; everyone else is untouched", async () => {
    // A duplicate created after the request (same e-mail): the job matches the person again when it runs.
    const [stage] = await stagesOf(db, aurora);
    const [late] = await db.adminQuery<{ id: string }>(
      `insert into leads (id, organization_id, full_name, email, stage_id, position, created_at, updated_at)
       values (gen_random_uuid(), $1, 'Jo Quintela', $2, $3, 'zz' || md5(random()::text), now(), now()) returning id`,
      [aurora, EMAIL, stage.id],
    );
    const registered = [...subjectLeadIds];
    subjectLeadIds.push(late.id);

    await runJobs(db);

    const [request] = await db.adminQuery<{ status: string; progress: number; completed_at: Date | null; error: string | null; lead_ids: string[] }>(
      `select status, progress, completed_at, error, lead_ids from privacy_requests where id = $1`,
      [requestId],
    );
    expect(request).toMatchObject({ status: "done", progress: 100, error: null });
    expect(request.completed_at).not.toBeNull();
    expect([...request.lead_ids].sort()).toEqual([...registered, late.id].sort());

    expect(await findPerson()).toEqual([]);

    const objects = await bucketObjects();
    expect(objects.filter((object) => personFileKeys.includes(object.key))).toEqual([]);
    for (const object of objects.filter((candidate) => candidate.size <= 64 * 1024)) {
      const text = await objectText(object.key);
      for (const needle of [NAME, EMAIL, "Quintela"]) expect(text.includes(needle), `${object.key} contains ${needle}`).toBe(false);
    }

    // Leads stay on the board (totals add up) under the fixed name, emptied; their timelines keep who/when/channel.
    const leads = await db.adminQuery<Record<string, unknown>>(
      `select full_name, email, phone, phone_key, company, job_title, notes, custom_fields, tags, ai_sentiment, stage_id, version from leads where id = any($1::uuid[])`,
      [subjectLeadIds],
    );
    for (const lead of leads) {
      expect(lead).toMatchObject({ full_name: "Titular removido", email: null, phone: null, phone_key: null, company: null, job_title: null, notes: null, custom_fields: {}, ai_sentiment: null });
      expect(lead.stage_id).toBe(stage.id);
    }
    expect(leads.find((lead) => (lead.tags as string[]).length)?.tags).toEqual(["quente"]);
    const entries = await db.adminQuery<{ redacted_at: Date | null; channel: string }>(`select redacted_at, channel from communications where lead_id = any($1::uuid[])`, [registered]);
    expect(entries.length).toBe(5);
    expect(entries.every((entry) => entry.redacted_at !== null)).toBe(true);
    expect(await db.adminQuery(`select id from ai_summaries where lead_id = any($1::uuid[])`, [subjectLeadIds])).toEqual([]);

    // The provider's messages are emptied whole; the one still waiting will not be processed any more.
    const inbox = await db.adminQuery<{ id: string; payload: unknown; status: string; reason: string | null }>(
      `select id, payload, status, reason from webhook_inbox where id = any($1::uuid[]) order by id`,
      [personInboxIds],
    );
    expect(inbox.map((row) => row.payload)).toEqual([{}, {}, {}, {}]);
    expect(inbox.find((row) => row.id === waitingInboxId)).toMatchObject({ status: "ignored", reason: "emptied by a data subject's deletion request" });
    expect(inbox.filter((row) => row.id !== waitingInboxId).map((row) => row.status)).toEqual(["processed", "processed", "processed"]);

    // The queue keeps the sentinel's failed job, not the person's.
    const failed = await db.adminQuery<{ last_error: string }>(`select last_error from graphile_worker.jobs where task_identifier = 'whatsapp__send_message'`);
    expect(failed.map((job) => job.last_error)).toEqual(["Meta refused the message to 5521998761234"]);

    // Everyone else's leads, timelines, history, summaries, files and bytes are exactly as they were.
    expect(await othersSnapshot()).toBe(before);

    // The request's own row is the proof: it still names the subject and the requester.
    const [proof] = await db.adminQuery<{ subject_phone_key: string; requester_contact: string }>(`select subject_phone_key, requester_contact from privacy_requests where id = $1`, [requestId]);
    expect(proof).toEqual({ subject_phone_key: "551187654321", requester_contact: `pedido feito por ${EMAIL}` });
  });

  it("announces each anonymized lead to open boards (a lead.updated with a new version) and audits every step with the admin, counts only", async () => {
    // The open board hears of each lead, and refetching shows the fixed name with the lead still in its column.
    const heard = () => board.ofType("lead.updated").map((event) => board.json<{ leadId: string; fields: string[] }>(event));
    await board.until(() => subjectLeadIds.every((id) => heard().some((event) => event.leadId === id && event.fields.includes("fullName"))), 10_000, "the lead.updated events");
    // The privacy page (same stream) follows the request to its end, progress only.
    const progress = () =>
      board
        .ofType("privacy_request.updated")
        .map((event) => board.json<{ requestId: string; status: string; progress: number }>(event))
        .filter((event) => event.requestId === requestId);
    await board.until(() => progress().some((event) => event.status === "done"), 10_000, "the request's end");
    expect(progress().map((event) => event.progress)).toEqual([0, 0, 20, 30, 70, 80, 95, 100]);
    expect(progress().at(-1)).toMatchObject({ status: "done", progress: 100 });
    const { data } = await loadBoard(viewer, "aurora");
    // The two leads made through the app sit at the top of their columns (the late one was written at the bottom, past the first page).
    const cards = new Map(data!.stages.flatMap((stage) => stage.leads).map((card) => [card.id, card]));
    expect(subjectLeadIds.slice(0, 2).map((id) => cards.get(id)?.fullName)).toEqual(["Titular removido", "Titular removido"]);

    const events = await db.adminQuery<{ data: { leadId: string; version: number; fields: string[]; actor: { id: string } } }>(
      `select data from realtime_events where organization_id = $1 and type = 'lead.updated' and data->'fields' ? 'fullName' and data->>'leadId' = any($2::text[]) order by event_id`,
      [aurora, subjectLeadIds],
    );
    const leads = await db.adminQuery<{ id: string; version: number }>(`select id, version from leads where id = any($1::uuid[])`, [subjectLeadIds]);
    for (const lead of leads) {
      const event = events.filter((candidate) => candidate.data.leadId === lead.id).at(-1);
      expect(event?.data).toMatchObject({ version: lead.version, actor: { id: owner.id } });
    }

    const audits = await db.adminQuery<{ action: string; actor_id: string; changes: { after: Record<string, number> } }>(
      `select action, actor_id, changes from audit_logs where resource_id = $1 order by created_at, action`,
      [requestId],
    );
    expect(audits.map((audit) => audit.action).sort()).toEqual(
      ["privacy.erase_copies", "privacy.erase_jobs", "privacy.erase_leads", "privacy.erase_requests", "privacy.erase_timeline", "privacy.request_created"].sort(),
    );
    for (const audit of audits) expect(audit.actor_id).toBe(owner.id);
    const counts = Object.fromEntries(audits.map((audit) => [audit.action, audit.changes.after]));
    expect(counts["privacy.erase_timeline"]).toEqual({ communications: 5, files: 2, summaries: 1 });
    expect(counts["privacy.erase_leads"]).toEqual({ leads: 3 });
    expect(counts["privacy.erase_jobs"]).toEqual({ jobs: 1 });
    expect(counts["privacy.erase_requests"]).toEqual({ requests: 1, archives: 1 });
    for (const audit of audits) for (const value of Object.values(audit.changes.after)) expect(typeof value === "number" || value === "deletion").toBe(true);
  });

  it("running the job again (a retry after a crash) changes nothing but its own audit trail", async () => {
    const state = async () =>
      JSON.stringify(
        await db.adminQuery(
          `select (select json_agg(l order by l.id) from leads l where organization_id = $1) as leads,
                  (select json_agg(c order by c.id) from communications c where organization_id = $1) as communications,
                  (select json_agg(a order by a.id) from lead_activities a where organization_id = $1) as activities,
                  (select json_agg(f order by f.id) from stored_files f where organization_id = $1) as files,
                  (select json_agg(w order by w.id) from webhook_inbox w where organization_id = $1) as inbox,
                  (select json_agg(e order by e.event_id) from realtime_events e where organization_id = $1 and type <> 'privacy_request.updated') as events,
                  (select json_agg(a order by a.id) from audit_logs a where organization_id = $1 and action not like 'privacy.erase_%') as audits`,
          [aurora],
        ),
      );
    const first = await state();
    await db.adminQuery(`update privacy_requests set status = 'processing' where id = $1`, [requestId]);
    await db.adminQuery(`select graphile_worker.add_job('privacy__erase', $1::json, job_key => $2)`, [JSON.stringify({ organizationId: aurora, requestId }), requestId]);
    await runJobs(db);
    expect(await state()).toBe(first);
    const [request] = await db.adminQuery<{ status: string }>(`select status from privacy_requests where id = $1`, [requestId]);
    expect(request.status).toBe("done");
    const again = await db.adminQuery<{ changes: { after: Record<string, number> } }>(
      `select changes from audit_logs where resource_id = $1 and action like 'privacy.erase_%' order by created_at desc limit 5`,
      [requestId],
    );
    expect(again).toHaveLength(5);
    for (const audit of again) expect(Object.values(audit.changes.after).every((value) => value === 0)).toBe(true);
    expect(await findPerson()).toEqual([]);
  });

  it("a step that fails marks the request failed with a reason code, audits the step, and throws for the queue's retry, which finishes the work", async () => {
    const [stage] = await stagesOf(db, aurora);
    const [{ id: leadId }] = await db.adminQuery<{ id: string }>(
      `insert into leads (id, organization_id, full_name, email, phone, stage_id, position, created_at, updated_at)
       values (gen_random_uuid(), $1, 'Doralice Retentativa', 'doralice@retentativa.test', '+5548991112233', $2, 'zz' || md5(random()::text), now(), now()) returning id`,
      [aurora, stage.id],
    );
    await aNote(aurora, leadId, "Doralice Retentativa pediu retorno");
    const request = await createPrivacyRequest(auroraActor(), { kind: "deletion", subject: { leadId }, requesterContact: "doralice@retentativa.test", confirmLeadIds: [leadId] });
    // Run by hand below, not by the queue.
    await db.adminQuery(`delete from graphile_worker._private_jobs where key = $1`, [request.id]);
    const requestRow = async () =>
      (await db.adminQuery<{ status: string; error: string | null; progress: number }>(`select status, error, progress from privacy_requests where id = $1`, [request.id]))[0];
    const leadName = async () => (await db.adminQuery<{ full_name: string }>(`select full_name from leads where id = $1`, [leadId]))[0].full_name;

    const unreachable: QueueQuery = async () => {
      throw new Error("the queue is unreachable");
    };
    await expect(eraseDataSubject({ organizationId: aurora, requestId: request.id }, unreachable)).rejects.toThrow("the queue is unreachable");
    expect(await requestRow()).toEqual({ status: "failed", error: "internal", progress: 20 });
    // The leads are anonymized last: until then their names are what the other steps look for.
    expect(await leadName()).toBe("Doralice Retentativa");

    await eraseDataSubject({ organizationId: aurora, requestId: request.id }, queueQuery);
    expect(await requestRow()).toEqual({ status: "done", error: null, progress: 100 });
    expect(await leadName()).toBe("Titular removido");
    const [note] = await db.adminQuery<{ content: string; redacted_at: Date | null }>(`select content, redacted_at from communications where lead_id = $1`, [leadId]);
    expect(note.content).toBe("");
    expect(note.redacted_at).not.toBeNull();
    const audits = await db.adminQuery<{ action: string }>(`select action from audit_logs where resource_id = $1 and action like 'privacy.erase_%' order by action`, [request.id]);
    expect(audits.map((audit) => audit.action)).toEqual([
      "privacy.erase_copies",
      "privacy.erase_copies",
      "privacy.erase_failed",
      "privacy.erase_jobs",
      "privacy.erase_leads",
      "privacy.erase_requests",
      "privacy.erase_timeline",
    ]);
  });
});
