import { randomBytes, randomUUID } from "node:crypto";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { anEntry } from "../ai/support";
import { aFile, download, objectKeys } from "../files/support";
import type { AuditRow } from "../support/audit";
import { markupOf } from "../support/client";
import { days, useTestClock } from "../support/clock";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { runJobs } from "../whatsapp/support";
import { aPhone, anOrganization, postPrivacy, requestItem, requestsOf } from "./support";

/** A call on the lead as the calls module stores one, with its transcript and, for a click-to-call, the rep's legs. */
async function aCall(db: TestDatabase, organizationId: string, leadId: string, transcript: string, extra: Record<string, unknown> = {}) {
  const call = { connectionId: randomUUID(), orgNumber: "+551140000002", leadPhone: "+5511987654321", durationSeconds: 42, transcript: { state: "done", text: transcript }, ...extra };
  const [{ id }] = await db.adminQuery<{ id: string }>(
    `insert into communications (id, organization_id, lead_id, channel, direction, content, metadata, status, sent_at, created_at, updated_at)
     values (gen_random_uuid(), $1, $2, 'phone', 'outbound', '', $3::jsonb, 'completed', now(), now(), now()) returning id`,
    [organizationId, leadId, JSON.stringify({ kind: "call", call })],
  );
  return id;
}

/** A summary as the summary job stores one. */
async function aSummary(db: TestDatabase, organizationId: string, leadId: string, summary: string) {
  await db.adminQuery(
    `insert into ai_summaries (id, organization_id, lead_id, provider, model, status, trigger, input_fingerprint, entry_count, output, sentiment, created_at)
     values (gen_random_uuid(), $1, $2, 'local', 'local-analyzer-1', 'succeeded', 'auto', md5(random()::text) || md5(random()::text), 1, $3::jsonb, 'positive', now())`,
    [organizationId, leadId, JSON.stringify({ summary, sentiment: "positive", nextActions: [] })],
  );
}

/** A person's whole trace on one lead: messages, a note, a call with its transcript, a summary, a picture. */
async function aConversation(db: TestDatabase, organizationId: string, leadId: string, marker: string) {
  await anEntry(db, { organizationId, leadId }, { text: `Mensagem ${marker}`, direction: "inbound", minutesAgo: 30 });
  await anEntry(db, { organizationId, leadId }, { text: `Anotação ${marker}`, direction: "internal", minutesAgo: 20 });
  await aCall(db, organizationId, leadId, `Transcrição ${marker}`);
  await aSummary(db, organizationId, leadId, `Resumo ${marker}`);
  const media = await anEntry(db, { organizationId, leadId }, { text: "", direction: "inbound", minutesAgo: 10 });
  const bytes = Buffer.concat([Buffer.from(`imagem ${marker} `), randomBytes(2048)]);
  const file = await aFile(organizationId, { body: bytes, contentType: "image/jpeg", originalName: `foto ${marker}.jpg`, communicationId: media });
  return { bytes, file };
}

describe("data-subject export (access requests)", () => {
  const db = useTestDatabase();
  const clock = useTestClock();
  const server = useTestServer();

  const audits = (organizationId: string) =>
    db.adminQuery<AuditRow>(
      "select action, actor_id, resource_id, ip_address, user_agent, changes from audit_logs where organization_id = $1 and action like 'privacy.export_%' order by created_at",
      [organizationId],
    );

  it("builds one zip of exactly that person's leads, timelines, summaries, history and files, for admins only, until it expires and is purged", async () => {
    const { organization, members, lead } = await anOrganization(server, db, ["admin", "member"]);
    const phone = aPhone();
    const subject = await lead({ phone: phone.e164, email: "titular@example.com" });
    const duplicate = await lead({ phone: phone.whatsapp });
    const sentinel = `SENTINELA${randomUUID().slice(0, 8)}`;
    const stranger = await lead({ phone: aPhone().e164, email: `${sentinel.toLowerCase()}@example.com` });
    await db.adminQuery("update leads set full_name = $2, custom_fields = $3::jsonb where id = $1", [subject.id, "Júlia Titular", JSON.stringify({ cpf: "123.456.789-00" })]);
    await db.adminQuery("update leads set full_name = $2 where id = $1", [stranger.id, `Outra Pessoa ${sentinel}`]);
    const mine = await aConversation(db, organization.id, subject.id, "ALFA");
    await anEntry(db, { organizationId: organization.id, leadId: duplicate.id }, { text: "Mensagem BETA pelo WhatsApp", direction: "inbound" });
    const theirs = await aConversation(db, organization.id, stranger.id, sentinel);
    // A click-to-call by the member, ringing their own phone first, and the lead handed to them.
    const repPhone = `+55119${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`;
    const rep = members.member.userId;
    await db.adminQuery("update users set phone = $2, full_name = 'Rita Vendedora' where id = $1", [rep, repPhone]);
    await aCall(db, organization.id, subject.id, "Transcrição DELTA", {
      agentPhone: repPhone,
      agentCallSid: `CA${randomUUID().replace(/-/g, "")}`,
      leadCallSid: `CA${randomUUID().replace(/-/g, "")}`,
      answeredById: rep,
      ringOrder: [rep, members.admin.userId],
      placingSince: new Date().toISOString(),
      recording: { state: "stored", recordingSid: `RE${randomUUID().replace(/-/g, "")}`, fileId: randomUUID(), durationSeconds: 40 },
    });
    await db.adminQuery(
      `insert into lead_activities (id, organization_id, lead_id, actor_id, activity_type, title, metadata, created_at)
       values (gen_random_uuid(), $1, $2, $3, 'updated', 'Alterou responsável', $4::jsonb, now())`,
      [organization.id, subject.id, organization.ownerId, JSON.stringify({ changes: { assignee: { from: null, to: rep } } })],
    );
    await db.adminQuery(
      `insert into ai_summaries (id, organization_id, lead_id, provider, model, status, trigger, input_fingerprint, entry_count, error, created_at)
       values (gen_random_uuid(), $1, $2, 'openai', 'gpt', 'failed', 'auto', md5(random()::text) || md5(random()::text), 1, 'PROVIDERTEXT quota exceeded', now())`,
      [organization.id, subject.id],
    );

    const created = await postPrivacy(members.admin.client, organization.slug, { intent: "create-request", kind: "access", subject: phone.typed, requesterContact: "titular@example.com" });
    expect(created.status, created.body.slice(0, 300)).toBe(200);
    await runJobs(db);

    const [request] = await requestsOf(db, organization.id);
    expect(request).toMatchObject({ status: "done", progress: 100, error: null });
    expect(request.export_expires_at!.getTime() - request.completed_at!.getTime()).toBe(days(7));
    const fileUrl = `/o/${organization.slug}/files/${request.export_file_id}`;

    // The audit trail names the requesting admin on every step and no one's data.
    const trail = await audits(organization.id);
    expect(trail.map((row) => [row.action, row.actor_id, row.resource_id])).toEqual([
      ["privacy.export_started", members.admin.userId, request.id],
      ["privacy.export_ready", members.admin.userId, request.id],
    ]);
    expect(trail[1].changes.after).toMatchObject({ leads: 2, files: 1 });
    for (const text of ["Júlia", "titular@example.com", phone.e164.slice(3), "ALFA"]) expect(JSON.stringify(trail)).not.toContain(text);
    const events = await db.adminQuery<{ data: Record<string, unknown> }>(
      "select data from realtime_events where organization_id = $1 and type = 'privacy_request.updated' order by event_id",
      [organization.id],
    );
    expect(events.map((event) => event.data.status)).toEqual(["received", "processing", "processing", "processing", "done"]);
    for (const event of events) expect(Object.keys(event.data).sort()).toEqual(["actor", "progress", "requestId", "status"]);

    const page = requestItem(markupOf((await members.admin.client.get(`/o/${organization.slug}/settings/privacy`)).body), request.id);
    expect(page).toContain('data-status="done"');
    expect(page).toContain(`href="${fileUrl}"`);
    expect(page).toContain("disponível até");

    const response = await download(server, members.admin.client, fileUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="titular-\d{4}-\d{2}-\d{2}\.zip"/);
    const entries = unzipSync(new Uint8Array(response.bytes));
    // In the order the archive was written: the README first, then lead by lead.
    const names = Object.keys(entries);
    const text = (name: string) => strFromU8(entries[name]);
    const media = names.filter((name) => name.startsWith("arquivos/"));
    expect(names).toEqual([
      "LEIA-ME.txt",
      "pedido.json",
      "leads.json",
      "leads/01-Julia-Titular/conversa.json",
      "leads/01-Julia-Titular/resumos-ia.json",
      "leads/01-Julia-Titular/historico.json",
      expect.stringMatching(/^arquivos\/01-Julia-Titular\/\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}-foto-ALFA\.jpg$/),
      expect.stringMatching(/^leads\/02-Lead-IA-[\w-]+\/conversa\.json$/),
      expect.stringMatching(/^leads\/02-Lead-IA-[\w-]+\/resumos-ia\.json$/),
      expect.stringMatching(/^leads\/02-Lead-IA-[\w-]+\/historico\.json$/),
    ]);
    expect(media).toHaveLength(1);
    expect(Buffer.from(entries[media[0]]).equals(mine.bytes)).toBe(true);
    expect(text("LEIA-ME.txt")).toContain("Exportação de dados pessoais");

    const leads = JSON.parse(text("leads.json")) as { id: string; fullName: string; email: string | null; customFields: Record<string, string> }[];
    expect(leads.map((row) => row.id).sort()).toEqual([subject.id, duplicate.id].sort());
    expect(leads.find((row) => row.id === subject.id)).toMatchObject({ fullName: "Júlia Titular", email: "titular@example.com", customFields: { cpf: "123.456.789-00" } });
    type Exported = { content: string; author: string | null; call: { answeredBy: string | null; transcript: { text: string } | null } | null; arquivos: string[] };
    const timeline = JSON.parse(text("leads/01-Julia-Titular/conversa.json")) as Exported[];
    expect(timeline.map((entry) => entry.content)).toEqual(expect.arrayContaining(["Mensagem ALFA", "Anotação ALFA"]));
    expect(timeline.map((entry) => entry.call?.transcript?.text).filter(Boolean)).toEqual(["Transcrição ALFA", "Transcrição DELTA"]);
    // People are named, never given by id.
    expect(timeline.find((entry) => entry.call?.transcript?.text === "Transcrição DELTA")?.call?.answeredBy).toBe("Rita Vendedora");
    expect(JSON.parse(text("leads/01-Julia-Titular/historico.json"))).toContainEqual(
      expect.objectContaining({ actor: "Dona Teste", metadata: { changes: { assignee: { from: null, to: "Rita Vendedora" } } } }),
    );
    expect(timeline.find((entry) => entry.arquivos.length)?.arquivos).toEqual(media);
    expect(text("leads/01-Julia-Titular/resumos-ia.json")).toContain("Resumo ALFA");
    expect(JSON.parse(text("leads/01-Julia-Titular/historico.json"))[0]).toMatchObject({ type: "created", actor: "Dona Teste" });
    const duplicateTimeline = names.find((name) => name.startsWith("leads/02-") && name.endsWith("conversa.json"))!;
    expect(text(duplicateTimeline)).toContain("Mensagem BETA pelo WhatsApp");
    const asked = JSON.parse(text("pedido.json")) as Record<string, unknown>;
    expect(asked).toMatchObject({ kind: "access", requesterContact: "titular@example.com", leadCount: 2 });
    expect(text("pedido.json")).not.toContain(members.admin.userId);

    // Nothing of the other person in the same organization, nor a teammate's phone, member id, SID or provider text, in any entry.
    const memberIds = [organization.ownerId, members.admin.userId, rep];
    for (const name of names) {
      const content = Buffer.from(entries[name]).toString("utf8");
      for (const leaked of [repPhone, repPhone.slice(3), ...memberIds, "agentPhone", "ringOrder", "CallSid", "recordingSid", "connectionId", "placingSince", "PROVIDERTEXT"])
        expect(content, name).not.toContain(leaked);
      expect(Buffer.from(entries[name]).toString("latin1"), name).not.toContain(sentinel);
      expect(Buffer.from(entries[name]).includes(theirs.bytes.subarray(0, 64)), name).toBe(false);
    }

    // Only admins and above: a member gets what a missing file gets.
    expect((await download(server, members.member.client, fileUrl)).status).toBe(404);
    expect((await download(server, organization.owner, fileUrl)).status).toBe(200);

    // After its 7 days: refused at once, then purged (row and object) by the hourly task.
    const exportKey = `org/${organization.id}/export/${request.export_file_id}`;
    expect(await objectKeys(organization.id)).toContain(exportKey);
    clock.advance(days(8));
    try {
      expect((await download(server, members.admin.client, fileUrl)).status).toBe(404);
      expect(requestItem(markupOf((await members.admin.client.get(`/o/${organization.slug}/settings/privacy`)).body), request.id)).not.toContain(fileUrl);
      await db.adminQuery("select graphile_worker.add_job('privacy__purge_exports', '{}'::json)");
      await runJobs(db);
    } finally {
      clock.setOffset(0);
    }
    const keys = await objectKeys(organization.id);
    expect(keys).not.toContain(exportKey);
    expect(keys).toContain(`org/${organization.id}/whatsapp_media/${mine.file.id}`);
    expect(await db.adminQuery("select id from stored_files where id = $1", [request.export_file_id])).toEqual([]);
    expect((await requestsOf(db, organization.id))[0]).toMatchObject({ status: "done", export_file_id: null });
  });

  it("marks the request failed with a short reason when a file cannot be read, audits it, and leaves the job for its retry", async () => {
    const { organization, members, lead } = await anOrganization(server, db);
    const phone = aPhone();
    const subject = await lead({ phone: phone.e164 });
    const { file } = await aConversation(db, organization.id, subject.id, "GAMA");
    // The object vanishes from the bucket behind the app's back.
    const { getStorage } = await import("~/utils/storage.server");
    const { DeleteObjectCommand } = await import("@aws-sdk/client-s3");
    const storage = await getStorage();
    await storage.client.send(new DeleteObjectCommand({ Bucket: storage.bucket, Key: `org/${organization.id}/whatsapp_media/${file.id}` }));

    await postPrivacy(members.admin.client, organization.slug, { intent: "create-request", kind: "access", subject: phone.e164, requesterContact: "titular@example.com" });
    await runJobs(db);

    const [request] = await requestsOf(db, organization.id);
    expect(request).toMatchObject({ status: "failed", error: "storage", export_file_id: null });
    const trail = await audits(organization.id);
    expect(trail.map((row) => [row.action, row.actor_id, row.changes.after])).toEqual([
      ["privacy.export_started", members.admin.userId, { leads: 1 }],
      ["privacy.export_failed", members.admin.userId, { reason: "storage" }],
    ]);
    const [job] = await db.adminQuery<{ attempts: number; last_error: string }>(
      `select j.attempts, j.last_error from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = 'privacy__export' and j.key = $1`,
      [`privacy__export:${request.id}`],
    );
    expect(job.attempts).toBe(1);
    const item = requestItem(markupOf((await members.admin.client.get(`/o/${organization.slug}/settings/privacy`)).body), request.id);
    expect(item).toContain('data-status="failed"');
    expect(item).toContain("o armazenamento de arquivos não respondeu");
    // No partial archive is left in the bucket.
    expect((await objectKeys(organization.id)).filter((key) => key.includes("/export/"))).toEqual([]);
  });
});

describe("data-subject export against a deletion of the same person", () => {
  const db = useTestDatabase();
  const server = useTestServer();

  const exportKeys = async (organizationId: string) => (await objectKeys(organizationId)).filter((key) => key.includes("/export/"));
  const exportRows = (organizationId: string) => db.adminQuery("select id from stored_files where organization_id = $1 and kind = 'export'", [organizationId]);

  it("never publishes an archive while a deletion of the person runs: discarded (row and object), failed with reason erased, not retried", async () => {
    const { organization, members, lead } = await anOrganization(server, db);
    const phone = aPhone();
    const subject = await lead({ phone: phone.e164 });
    await aConversation(db, organization.id, subject.id, "EPSILON");
    await postPrivacy(members.admin.client, organization.slug, { intent: "create-request", kind: "access", subject: phone.e164, requesterContact: "titular@example.com" });
    const [access] = await requestsOf(db, organization.id);
    // A deletion for the same lead, already running (its own job is not queued here).
    await db.adminQuery(
      `insert into privacy_requests (id, organization_id, kind, status, lead_ids, requester_contact, received_at, due_at, updated_at)
       values (gen_random_uuid(), $1, 'deletion', 'processing', array[$2::text], 'titular@example.com', now(), now() + interval '15 days', now())`,
      [organization.id, subject.id],
    );
    await runJobs(db);

    expect((await requestsOf(db, organization.id)).find((row) => row.id === access.id)).toMatchObject({ status: "failed", error: "erased", export_file_id: null });
    expect(await exportRows(organization.id)).toEqual([]);
    expect(await exportKeys(organization.id)).toEqual([]);
    expect(await db.adminQuery("select id from graphile_worker._private_jobs where key = $1", [`privacy__export:${access.id}`])).toEqual([]);
    const [failed] = await db.adminQuery<{ changes: { after: unknown } }>(
      "select changes from audit_logs where organization_id = $1 and action = 'privacy.export_failed'",
      [organization.id],
    );
    expect(failed.changes.after).toEqual({ reason: "erased" });
    const item = requestItem(markupOf((await members.admin.client.get(`/o/${organization.slug}/settings/privacy`)).body), access.id);
    expect(item).toContain("um pedido de eliminação do mesmo titular começou durante a exportação");
  });

  it("records the archive on the request in the archive row's own transaction: when that fails, no archive is left behind", async () => {
    const { organization, members, lead } = await anOrganization(server, db);
    const phone = aPhone();
    const subject = await lead({ phone: phone.e164 });
    await aConversation(db, organization.id, subject.id, "ZETA");
    await postPrivacy(members.admin.client, organization.slug, { intent: "create-request", kind: "access", subject: phone.e164, requesterContact: "titular@example.com" });
    const [access] = await requestsOf(db, organization.id);
    // The request cannot be marked done (as if the process died right there): the archive's row must not outlive it.
    const trigger = `refuse_done_${access.id.replace(/-/g, "")}`;
    await db.adminQuery(`create function ${trigger}() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`);
    await db.adminQuery(
      `create trigger ${trigger} before update on privacy_requests for each row
       when (new.id = '${access.id}' and new.status = 'done') execute function ${trigger}()`,
    );
    try {
      await runJobs(db);
    } finally {
      await db.adminQuery(`drop trigger ${trigger} on privacy_requests`);
      await db.adminQuery(`drop function ${trigger}()`);
    }
    expect((await requestsOf(db, organization.id))[0]).toMatchObject({ status: "failed", export_file_id: null });
    expect(await exportRows(organization.id)).toEqual([]);
    expect(await exportKeys(organization.id)).toEqual([]);
  });
});

describe("expired exports of a deleted organization", () => {
  const db = useTestDatabase();
  const clock = useTestClock();
  const server = useTestServer();

  it("are purged after their 7 days though the organization is deleted and waiting for its own purge", async () => {
    const { organization, members, lead } = await anOrganization(server, db);
    const phone = aPhone();
    await lead({ phone: phone.e164 });
    await postPrivacy(members.admin.client, organization.slug, { intent: "create-request", kind: "access", subject: phone.e164, requesterContact: "titular@example.com" });
    await runJobs(db);
    const [request] = await requestsOf(db, organization.id);
    expect(request.status).toBe("done");
    const exportKey = `org/${organization.id}/export/${request.export_file_id}`;
    expect(await objectKeys(organization.id)).toContain(exportKey);
    await db.adminQuery("update organizations set deleted_at = now(), purge_after = now() + interval '30 days' where id = $1", [organization.id]);

    clock.advance(days(8));
    try {
      await db.adminQuery("select graphile_worker.add_job('privacy__purge_exports', '{}'::json)");
      await runJobs(db);
    } finally {
      clock.setOffset(0);
    }
    expect(await objectKeys(organization.id)).not.toContain(exportKey);
    expect(await db.adminQuery("select id from stored_files where id = $1", [request.export_file_id])).toEqual([]);
    expect(await db.adminQuery("select id from organizations where id = $1 and deleted_at is not null", [organization.id])).toEqual([{ id: organization.id }]);
  });
});
