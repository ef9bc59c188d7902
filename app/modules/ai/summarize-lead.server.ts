import type { AiSummaryTrigger } from "~/lib/ai";
import { withOrganization } from "~/utils/db.server";
import { getMonthlyAiUsage } from "./get-monthly-ai-usage.server";
import { gatherSummaryInput, type SummaryInput } from "./gather-summary-input.server";
import { analyzeConversation } from "./local-analyzer/analyze-conversation";
import { suggestStage } from "./local-analyzer/suggest-stage";
import { isOpenAiConfigured } from "./openai/openai-client.server";
import { summarizeWithOpenAi } from "./openai/summarize-with-openai.server";
import { clearPendingSummary, saveSummary, type SummaryRecord } from "./save-summary.server";

export const LOCAL_ANALYZER_MODEL = "local-analyzer-1";

export type SummarizeOutcome =
  | { done: "saved"; summaryId: string; status: "succeeded" | "failed" }
  | { done: "skipped"; reason: "gone" | "off" | "unchanged" | "empty" | "limit" | "duplicate" };

/**
 * The summary job's work: read the lead's conversation, skip it when AI is
 * off, nothing changed since the last summary, or the month's provider limit
 * is spent, otherwise analyze it (OpenAI with a key, the local analyzer
 * without) outside any transaction and keep the result.
 */
export async function summarizeLead(job: { organizationId: string; leadId: string; trigger: AiSummaryTrigger; requestedBy: string | null }): Promise<SummarizeOutcome> {
  const { organizationId, leadId } = job;
  const provider = isOpenAiConfigured() ? "openai" : "local";
  type SkipReason = Extract<SummarizeOutcome, { done: "skipped" }>["reason"];
  const plan = await withOrganization(organizationId, async (db): Promise<{ skip: SkipReason } | { input: SummaryInput }> => {
    const input = await gatherSummaryInput(db, organizationId, leadId);
    if (!input) return { skip: "gone" };
    const skip = !input.organization.aiEnabled
      ? ("off" as const)
      : input.previous?.fingerprint === input.fingerprint
        ? ("unchanged" as const)
        : input.entries.length === 0
          ? ("empty" as const)
          : provider === "openai" && (await getMonthlyAiUsage(db, organizationId)).summaries >= input.organization.monthlyLimit
            ? ("limit" as const)
            : null;
    if (skip) await clearPendingSummary(db, organizationId, leadId, input.readAt);
    return skip ? { skip } : { input };
  });
  if ("skip" in plan) return { done: "skipped", reason: plan.skip };

  const { input } = plan;
  const attempt = provider === "openai" ? await askOpenAi(input) : analyzeLocally(input);
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
    ...attempt,
  };
  const saved = await withOrganization(organizationId, (db) => saveSummary(db, record));
  return saved ? { done: "saved", ...saved } : { done: "skipped", reason: "duplicate" };
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
  const result: SummaryRecord["result"] = answer.ok ? { ok: true, output: answer.output } : { ok: false, reason: answer.reason };
  return { provider: "openai", model: answer.model, result, usage: answer.usage, costBrl: answer.costBrl, durationMs: answer.durationMs };
}

function analyzeLocally(input: SummaryInput): Attempt {
  const started = performance.now();
  const language = input.organization.language;
  const output = analyzeConversation({
    messages: input.entries.map((entry) => ({ direction: entry.direction, text: entry.text, at: entry.at })),
    language,
    now: new Date(),
    previousSummary: input.previous?.summary ?? null,
  });
  const stage = suggestStage(output.intent, input.stages, input.lead.stageId, language);
  return {
    provider: "local",
    model: LOCAL_ANALYZER_MODEL,
    result: { ok: true, output: { ...output, ...stage } },
    usage: null,
    costBrl: null,
    durationMs: performance.now() - started,
  };
}
