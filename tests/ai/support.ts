import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { startOpenAiFake, type OpenAiFake } from "~/server/openai-fake";
import { resetEnv } from "~/utils/env.server";
import type { TestClient } from "../support/client";
import type { TestDatabase } from "../support/database";
import { postBoard } from "../board/support";

/** AI on (or off) for an organization, with a monthly limit if given. */
export async function setAi(db: Pick<TestDatabase, "adminQuery">, organizationId: string, settings: { enabled: boolean; monthlyLimit?: number }) {
  await db.adminQuery("update organizations set ai_enabled = $2, ai_monthly_limit = coalesce($3, ai_monthly_limit) where id = $1", [
    organizationId,
    settings.enabled,
    settings.monthlyLimit ?? null,
  ]);
}

/** A new lead made through the board (as a person makes one), then given contact details directly. */
export async function aLead(
  db: Pick<TestDatabase, "adminQuery">,
  client: TestClient,
  slug: string,
  stageId: string,
  details: { email?: string | null; phone?: string | null; company?: string | null } = {},
) {
  const fullName = `Lead IA ${randomUUID().slice(0, 8)}`;
  const created = await postBoard(client, slug, { intent: "create", stageId, fullName });
  if (created.status !== 200) throw new Error(`creating a lead answered ${created.status}`);
  const [row] = await db.adminQuery<{ id: string; version: number }>(
    "update leads set email = $2, phone = $3, company = $4 where full_name = $1 returning id, version",
    [fullName, details.email ?? null, details.phone ?? null, details.company ?? null],
  );
  return { ...row, fullName };
}

/** A conversation entry written straight to the timeline (what a webhook or the composer would have stored), minutes ago. */
export async function anEntry(
  db: Pick<TestDatabase, "adminQuery">,
  lead: { organizationId: string; leadId: string },
  entry: { text: string; direction?: "inbound" | "outbound" | "internal"; minutesAgo?: number; channel?: "whatsapp" | "note" },
) {
  const channel = entry.channel ?? (entry.direction === "internal" ? "note" : "whatsapp");
  const [row] = await db.adminQuery<{ id: string }>(
    `insert into communications (id, organization_id, lead_id, channel, direction, content, metadata, external_id, status, sent_at, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, now() - make_interval(mins => $10), now(), now()) returning id`,
    [
      randomUUID(),
      lead.organizationId,
      lead.leadId,
      channel,
      entry.direction ?? "inbound",
      entry.text,
      JSON.stringify({ kind: channel === "note" ? "note" : "text" }),
      channel === "note" ? null : `wamid.${randomUUID()}`,
      channel === "note" ? null : "received",
      entry.minutesAgo ?? 1,
    ],
  );
  return row.id;
}

/**
 * The loopback OpenAI for a test file, with the app pointed at it (key,
 * base URL, a short timeout and fast retries); the environment is put back
 * afterwards, so other files run without a key (the local analyzer).
 */
export function useOpenAiFake(env: Record<string, string> = {}) {
  const holder = { current: undefined as unknown as OpenAiFake };
  const names = ["OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_TIMEOUT_MS", "OPENAI_MAX_RETRIES", ...Object.keys(env)];
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  beforeAll(async () => {
    holder.current = await startOpenAiFake();
    Object.assign(process.env, { OPENAI_API_KEY: holder.current.apiKey, OPENAI_BASE_URL: holder.current.url, OPENAI_TIMEOUT_MS: "2000", OPENAI_MAX_RETRIES: "2", ...env });
    resetEnv();
  });
  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnv();
    await holder.current?.close();
  });
  return holder;
}

/** Sets an environment variable for what follows (and re-reads the environment). */
export function setEnv(values: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnv();
}

/** The lead's pending summary job, if any (graphile-worker keeps one per job key). */
export async function pendingSummaryJob(db: Pick<TestDatabase, "adminQuery">, leadId: string) {
  const rows = await db.adminQuery<{ id: string; run_at: Date; payload: { trigger: string }; seconds_from_now: number }>(
    `select j.id, j.run_at, j.payload, extract(epoch from j.run_at - now())::float as seconds_from_now
       from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'ai__summarize_lead' and j.key = $1`,
    [`ai__summarize_lead:${leadId}`],
  );
  return rows;
}

/** Makes every pending summary job due now (instead of waiting out the debounce). */
export async function summaryJobsDueNow(db: Pick<TestDatabase, "adminQuery">) {
  await db.adminQuery(
    "update graphile_worker._private_jobs set run_at = now() where task_id = (select id from graphile_worker._private_tasks where identifier in ('ai__summarize_lead'))",
  );
}

export function chatRequests(fake: OpenAiFake) {
  return fake.requests.filter((request) => request.path.endsWith("/chat/completions"));
}

/** Everything the model was sent in one chat request, as one string. */
export function sentText(request: { json: unknown }) {
  const body = request.json as { messages: { content: string | { text?: string }[] }[] };
  return body.messages.map((message) => (typeof message.content === "string" ? message.content : message.content.map((part) => part.text ?? "").join(""))).join("\n");
}
