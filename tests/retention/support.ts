import { randomUUID } from "node:crypto";
import type { RetentionDays } from "~/lib/retention";
import type { TestDatabase } from "../support/database";

type Admin = Pick<TestDatabase, "adminQuery">;
const DAY_MS = 86_400_000;

/** An instant `age` days before `from` (the app clock's time). */
export const daysBefore = (from: Date, age: number) => new Date(from.getTime() - age * DAY_MS);

export async function aPolicy(db: Admin, organizationId: string, days: RetentionDays) {
  await db.adminQuery(
    `insert into retention_policies (id, organization_id, communications_days, media_days, ai_days, inbox_days, audit_days, updated_at)
     values (gen_random_uuid(), $1, $2, $3, $4, $5, $6, now())`,
    [organizationId, days.communications, days.media, days.ai, days.inbox, days.audit],
  );
}

export async function aStage(db: Admin, organizationId: string) {
  const [stage] = await db.adminQuery<{ id: string }>(
    "insert into pipeline_stages (id, organization_id, name, position, color, created_at, updated_at) values (gen_random_uuid(), $1, 'Novo', 0, '#888888', now(), now()) returning id",
    [organizationId],
  );
  return stage.id;
}

export async function aLead(db: Admin, organizationId: string, stageId: string, options: { summaryAt?: Date } = {}) {
  const [lead] = await db.adminQuery<{ id: string }>(
    `insert into leads (id, organization_id, full_name, stage_id, position, ai_sentiment, ai_summary_at, created_at, updated_at)
     values (gen_random_uuid(), $1, 'Lead ' || substr(md5(random()::text), 1, 6), $2, 'a' || md5(random()::text), $3, $4, now(), now()) returning id`,
    [organizationId, stageId, options.summaryAt ? "positive" : null, options.summaryAt ?? null],
  );
  return lead.id;
}

export async function anEntry(db: Admin, organizationId: string, leadId: string, sentAt: Date, metadata: Record<string, unknown> = { kind: "text" }) {
  const [row] = await db.adminQuery<{ id: string }>(
    `insert into communications (id, organization_id, lead_id, channel, direction, content, metadata, status, sent_at, created_at, updated_at)
     values (gen_random_uuid(), $1, $2, 'whatsapp', 'inbound', 'Conteúdo ' || md5(random()::text), $3::jsonb, 'received', $4, $4, $4) returning id`,
    [organizationId, leadId, JSON.stringify(metadata), sentAt],
  );
  return row.id;
}

export function callWithTranscript(text: string) {
  return {
    kind: "call",
    call: { durationSeconds: 60, outcome: "answered", transcript: { state: "done", text, model: "gpt-4o-mini-transcribe", reason: null } },
  };
}

export async function aSummary(db: Admin, organizationId: string, leadId: string, createdAt: Date) {
  const [row] = await db.adminQuery<{ id: string }>(
    `insert into ai_summaries (id, organization_id, lead_id, provider, model, status, trigger, input_fingerprint, output, sentiment, created_at)
     values (gen_random_uuid(), $1, $2, 'local', 'local', 'succeeded', 'auto', md5(random()::text) || md5(random()::text), '{"summary":"Resumo"}', 'positive', $3) returning id`,
    [organizationId, leadId, createdAt],
  );
  return row.id;
}

export async function anInboxItem(db: Admin, organizationId: string, receivedAt: Date) {
  const [row] = await db.adminQuery<{ id: string }>(
    `insert into webhook_inbox (id, organization_id, provider, dedup_key, payload, received_at, status, processed_at)
     values (gen_random_uuid(), $1, 'whatsapp', $2, '{"entry":[{"text":"Olá"}]}', $3, 'processed', $3) returning id`,
    [organizationId, randomUUID(), receivedAt],
  );
  return row.id;
}

export async function anAuditEntry(db: Admin, organizationId: string, createdAt: Date) {
  const [row] = await db.adminQuery<{ id: string }>(
    `insert into audit_logs (id, organization_id, action, resource_type, changes, created_at)
     values (gen_random_uuid(), $1, 'lead.updated', 'lead', '{"after":{"name":"Fulano"}}', $2) returning id`,
    [organizationId, createdAt],
  );
  return row.id;
}

/** The run rows of an organization, newest last. */
export function runsOf(db: Admin, organizationId: string) {
  return db.adminQuery<{ id: string; status: string; trigger: string; requested_by_id: string | null; counts: Record<string, number>; cutoffs: Record<string, string>; error: string | null; finished_at: Date | null }>(
    "select id, status, trigger, requested_by_id, counts, cutoffs, error, finished_at from retention_runs where organization_id = $1 order by started_at, id",
    [organizationId],
  );
}

/** The audit entries the passes wrote for an organization. */
export function runAuditsOf(db: Admin, organizationId: string) {
  return db.adminQuery<{ actor_id: string | null; resource_id: string; changes: { after: { counts: Record<string, number>; trigger: string } } }>(
    "select actor_id, resource_id, changes from audit_logs where organization_id = $1 and action = 'privacy.retention_run' order by created_at",
    [organizationId],
  );
}

/**
 * Everything of an organization the pass may touch, as text, row by row
 * (the passes' own audit entries aside): equal snapshots mean nothing changed.
 */
export async function snapshotOf(db: Admin, organizationId: string) {
  const [row] = await db.adminQuery<{ snapshot: string }>(
    `select concat_ws('|',
       (select string_agg(row_to_json(c)::text, ',' order by id) from communications c where organization_id = $1),
       (select string_agg(row_to_json(f)::text, ',' order by id) from stored_files f where organization_id = $1),
       (select string_agg(row_to_json(s)::text, ',' order by id) from ai_summaries s where organization_id = $1),
       (select string_agg(row_to_json(l)::text, ',' order by id) from leads l where organization_id = $1),
       (select string_agg(row_to_json(w)::text, ',' order by id) from webhook_inbox w where organization_id = $1),
       (select string_agg(row_to_json(a)::text, ',' order by id) from audit_logs a where organization_id = $1 and action <> 'privacy.retention_run')
     ) as snapshot`,
    [organizationId],
  );
  return row.snapshot;
}

/** One row as text, or null once it is gone. */
export async function rowText(db: Admin, table: string, id: string) {
  const [row] = await db.adminQuery<{ text: string }>(`select row_to_json(t)::text as text from ${table} t where id = $1`, [id]);
  return row?.text ?? null;
}
