import type { AiSummaryTrigger } from "~/lib/ai";
import { withOrganization, type Db } from "~/utils/db.server";
import { enqueueJob } from "~/modules/jobs/enqueue-job.server";
import { aiSummarizeLeadJob } from "~/modules/jobs/definitions/ai__summarize_lead.server";
import { reserveAiSummary, settleAiUsage } from "./ai-limit.server";
import { cleanStrings } from "./clean-text";
import { gatherSummaryInput, type SummaryInput } from "./gather-summary-input.server";
import { analyzeConversation } from "./local-analyzer/analyze-conversation";
import { suggestStage } from "./local-analyzer/suggest-stage";
import { isOpenAiConfigured, requestDeadlineMs } from "./openai/openai-client.server";
import { summarizeWithOpenAi } from "./openai/summarize-with-openai.server";
import { clearPendingSummary, saveSummary, type SummaryRecord } from "./save-summary.server";
import { summaryOutputSchema } from "./summary-output.server";
import { wallClockAsUtc } from "./wall-clock";

export const LOCAL_ANALYZER_MODEL = "local-analyzer-1";
/** A second job for a lead being summarized waits this long, then looks again (the first has usually finished). */
const BUSY_RETRY_MS = 2_000;

type Job = { organizationId: string; leadId: string; trigger: AiSummaryTrigger; requestedBy: string | null };

export type SummarizeOutcome =
  | { done: "saved"; summaryId: string; status: "succeeded" | "failed" }
  | { done: "skipped"; reason: "gone" | "off" | "unchanged" | "empty" | "limit" | "duplicate" | "busy" };
type SkipReason = Extract<SummarizeOutcome, { done: "skipped" }>["reason"];
type Plan = { skip: SkipReason } | { input: SummaryInput; usageId: string | null };

/**
 * The summary job's work: read the lead's conversation and skip it when AI
 * is off, nothing changed since the last summary, or the month's provider
 * limit is spent; otherwise claim the lead (one job at a time per lead, so a
 * state is never sent twice), analyze it outside any transaction (OpenAI
 * with a key, the local analyzer without) and keep the result.
 */
export async function summarizeLead(job: Job): Promise<SummarizeOutcome> {
  const { organizationId, leadId } = job;
  const provider = isOpenAiConfigured() ? "openai" : "local";
  const plan = await withOrganization(organizationId, (db) => planSummary(db, job, provider));
  if ("skip" in plan) return { done: "skipped", reason: plan.skip };

  const { input, usageId } = plan;
  const attempt = provider === "openai" ? await askOpenAi(input) : analyzeLocally(input);
  if (usageId) {
    await withOrganization(organizationId, (db) =>
      settleAiUsage(db, organizationId, usageId, {
        model: attempt.model,
        inputTokens: attempt.usage?.inputTokens ?? 0,
        outputTokens: attempt.usage?.outputTokens ?? 0,
        costBrl: attempt.costBrl,
        succeeded: attempt.result.ok,
      }),
    );
  }
  const record: SummaryRecord = {
    organizationId,
    leadId,
    trigger: job.trigger,
    requestedBy: job.requestedBy,
    fingerprint: input.fingerprint,
    inputFrom: input.entries[0]?.at ?? null,
    inputTo: input.entries.at(-1)?.at ?? null,
    entryCount: input.entries.length,
    readAt: input.readAt,
    usageId,
    ...attempt,
  };
  const saved = await withOrganization(organizationId, (db) => saveSummary(db, record));
  return saved ? { done: "saved", ...saved } : { done: "skipped", reason: "duplicate" };
}

async function planSummary(db: Db, job: Job, provider: "openai" | "local"): Promise<Plan> {
  const { organizationId, leadId } = job;
  // The lead's row lock orders two jobs for it; the lease keeps the second out while the first talks to the provider.
  const [lead] = await db.execute<{ busy: boolean }[]>(
    "select coalesce(ai_summarizing_until > now(), false) as busy from leads where organization_id = ? and id = ? for update",
    [organizationId, leadId],
  );
  if (!lead) return { skip: "gone" };
  if (lead.busy) {
    await enqueueJob(db, aiSummarizeLeadJob, job, { runAt: new Date(Date.now() + BUSY_RETRY_MS) });
    return { skip: "busy" };
  }
  const input = await gatherSummaryInput(db, organizationId, leadId, { maskContacts: provider === "openai" });
  if (!input) return { skip: "gone" };
  const skip: SkipReason | null = !input.organization.aiEnabled
    ? "off"
    : input.previous?.fingerprint === input.fingerprint
      ? "unchanged"
      : input.entries.length === 0
        ? "empty"
        : null;
  const usageId = !skip && provider === "openai" ? await reserveAiSummary(db, organizationId, input.organization.monthlyLimit) : null;
  if (skip || (provider === "openai" && !usageId)) {
    await clearPendingSummary(db, organizationId, leadId, input.readAt);
    return { skip: skip ?? "limit" };
  }
  const leaseMs = provider === "openai" ? requestDeadlineMs() + 30_000 : 30_000;
  await db.execute("update leads set ai_summarizing_until = now() + make_interval(secs => ?) where organization_id = ? and id = ?", [leaseMs / 1000, organizationId, leadId]);
  return { input, usageId };
}

type Attempt = Pick<SummaryRecord, "provider" | "model" | "result" | "usage" | "costBrl" | "durationMs">;

async function askOpenAi(input: SummaryInput): Promise<Attempt> {
  const language = input.organization.language;
  const answer = await summarizeWithOpenAi({
    language,
    timeZone: input.organization.timeZone,
    now: new Date(),
    lead: { name: input.lead.name, company: input.lead.company, stageName: input.stages.find((stage) => stage.id === input.lead.stageId)?.name ?? null },
    stages: input.stages.map((stage) => ({ id: stage.id, name: stage.name })),
    previousSummary: input.previous?.summary ?? null,
    entries: input.entries.map((entry) => ({ kind: entry.kind, direction: entry.direction, text: entry.text, at: entry.at })),
  });
  const result: SummaryRecord["result"] = answer.ok ? { ok: true, output: cleanStrings(answer.output) } : { ok: false, reason: answer.reason };
  return { provider: "openai", model: answer.model, result, usage: answer.usage, costBrl: answer.costBrl, durationMs: answer.durationMs };
}

/** The local analyzer's answer goes through the same schema as a model's: nothing unchecked is stored. */
function analyzeLocally(input: SummaryInput): Attempt {
  const started = performance.now();
  const language = input.organization.language;
  const output = analyzeConversation({
    messages: input.entries.map((entry) => ({ direction: entry.direction, text: entry.text, at: entry.at })),
    language,
    now: wallClockAsUtc(new Date(), input.organization.timeZone),
    previousSummary: input.previous?.summary ?? null,
  });
  const stage = suggestStage(output.intent, input.stages, input.lead.stageId, language);
  const checked = summaryOutputSchema.safeParse(cleanStrings({ ...output, ...stage }));
  const result: SummaryRecord["result"] = checked.success
    ? { ok: true, output: checked.data }
    : { ok: false, reason: `schema: ${checked.error.issues[0]?.path.join(".")}: ${checked.error.issues[0]?.message}`.slice(0, 300) };
  return { provider: "local", model: LOCAL_ANALYZER_MODEL, result, usage: null, costBrl: null, durationMs: performance.now() - started };
}
