import { randomUUID } from "node:crypto";
import type { AiProvider, AiSummaryTrigger } from "~/lib/ai";
import type { Db } from "~/utils/db.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import type { SummaryOutput } from "./summary-output.server";

export type SummaryRecord = {
  organizationId: string;
  leadId: string;
  provider: AiProvider;
  model: string;
  trigger: AiSummaryTrigger;
  requestedBy: string | null;
  fingerprint: string;
  inputFrom: Date | null;
  inputTo: Date | null;
  entryCount: number;
  /** The validated output, or why there is none. */
  result: { ok: true; output: SummaryOutput } | { ok: false; reason: string };
  usage: { inputTokens: number; outputTokens: number } | null;
  costBrl: number | null;
  durationMs: number;
  /** When the conversation was read: a change after it keeps the lead waiting for the next summary. */
  readAt: Date;
  /** The provider request's usage row (settled already), linked to the summary; null for the local analyzer. */
  usageId: string | null;
};

/**
 * Keeps one attempt, in one transaction: the summary (or the failure and its
 * reason), the provider usage it cost, the card's sentiment, and
 * `summary.created` for open pages, and the lead's lease released. A second
 * succeeded summary of the same conversation state is refused by the unique
 * fingerprint and changes nothing. Null when the lead is gone (the usage was
 * recorded before: it was paid for).
 */
export async function saveSummary(db: Db, record: SummaryRecord) {
  const { organizationId, leadId } = record;
  const [lead] = await db.execute<{ id: string }[]>("select id from leads where organization_id = ? and id = ? for update", [organizationId, leadId]);
  const output = record.result.ok ? record.result.output : null;
  const [saved] = lead
    ? await db.execute<{ id: string }[]>(
        `insert into ai_summaries (id, organization_id, lead_id, provider, model, status, trigger, requested_by_id, input_fingerprint,
           input_from, input_to, entry_count, output, sentiment, suggested_stage_id, error, input_tokens, output_tokens, cost_brl, duration_ms, accepted, created_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, '{}', clock_timestamp())
         on conflict (organization_id, lead_id, input_fingerprint) where status = 'succeeded' do nothing
         returning id`,
        [
          randomUUID(),
          organizationId,
          leadId,
          record.provider,
          record.model.slice(0, 80),
          output ? "succeeded" : "failed",
          record.trigger,
          record.requestedBy,
          record.fingerprint,
          record.inputFrom,
          record.inputTo,
          record.entryCount,
          output ? JSON.stringify(output) : null,
          output?.sentiment ?? null,
          output?.suggestedStageId ?? null,
          record.result.ok ? null : record.result.reason.slice(0, 300),
          record.usage?.inputTokens ?? 0,
          record.usage?.outputTokens ?? 0,
          record.costBrl,
          Math.round(record.durationMs),
        ],
      )
    : [];
  await db.execute("update leads set ai_summarizing_until = null where organization_id = ? and id = ?", [organizationId, leadId]);
  if (saved && record.usageId) await db.execute("update ai_usage set summary_id = ? where organization_id = ? and id = ?", [saved.id, organizationId, record.usageId]);
  if (!saved) return null;
  await db.execute(
    `update leads set
        ai_sentiment = coalesce(?, ai_sentiment),
        ai_summary_at = case when ? then clock_timestamp() else ai_summary_at end,
        ai_pending_since = case when ai_pending_since <= ? then null else ai_pending_since end
      where organization_id = ? and id = ?`,
    [output?.sentiment ?? null, !!output, record.readAt, organizationId, leadId],
  );
  await recordEvent(db, organizationId, {
    type: "summary.created",
    data: { leadId, summaryId: saved.id, status: output ? "succeeded" : "failed", sentiment: output?.sentiment ?? null, suggestedStageId: output?.suggestedStageId ?? null },
    actor: null,
  });
  return { summaryId: saved.id, status: output ? ("succeeded" as const) : ("failed" as const) };
}

/** Nothing to summarize after all (AI off, the limit, no change): the lead stops waiting for what was read. */
export async function clearPendingSummary(db: Db, organizationId: string, leadId: string, readAt: Date) {
  await db.execute("update leads set ai_pending_since = null where organization_id = ? and id = ? and ai_pending_since <= ?", [organizationId, leadId, readAt]);
}
