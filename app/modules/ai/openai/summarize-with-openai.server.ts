import type { ChatCompletion } from "openai/resources/chat/completions";
import { getEnv } from "~/utils/env.server";
import type { SummaryOutput } from "../summary-output.server";
import { estimateCostBrl } from "./ai-pricing.server";
import { checkModelOutput, modelResponseFormat } from "./model-schema.server";
import { describeOpenAiError, isProviderFailure, openAiClient, requestDeadlineMs, withDeadline } from "./openai-client.server";
import { summaryMessages } from "./summary-prompt.server";

export type SummaryEntry = { kind: "message" | "note" | "call"; direction: "inbound" | "outbound" | "internal"; text: string; at: Date };
export type SummaryRequest = {
  language: "pt-BR" | "en";
  timeZone: string;
  now: Date;
  lead: { name: string; company: string | null; stageName: string | null };
  stages: { id: string; name: string }[];
  previousSummary: string | null;
  entries: SummaryEntry[];
};
export type ProviderUsage = { inputTokens: number; outputTokens: number };
export type SummaryAttempt =
  | { ok: true; output: SummaryOutput; model: string; usage: ProviderUsage; costBrl: number | null; durationMs: number }
  | { ok: false; reason: string; model: string; usage: ProviderUsage | null; costBrl: number | null; durationMs: number };

/**
 * A ceiling on what one answer can cost. The JSON itself needs a few hundred
 * tokens; the rest is room for reasoning models (gpt-5-mini), whose thinking
 * counts against the same limit.
 */
const MAX_COMPLETION_TOKENS = 4_000;
const MAX_REFUSAL_LENGTH = 120;

function usageOf(completion: ChatCompletion): ProviderUsage | null {
  const inputTokens = completion.usage?.prompt_tokens;
  const outputTokens = completion.usage?.completion_tokens;
  if (!Number.isInteger(inputTokens) || !Number.isInteger(outputTokens)) return null;
  return { inputTokens: inputTokens as number, outputTokens: outputTokens as number };
}

/** Why an answer that arrived is not a summary, or null when its content is worth parsing. */
function unusableAnswer(choice: ChatCompletion.Choice | undefined): string | null {
  if (!choice) return "empty response";
  if (choice.message.refusal) return `refused: ${choice.message.refusal.replace(/\s+/g, " ").slice(0, MAX_REFUSAL_LENGTH)}`;
  if (choice.finish_reason === "length") return "truncated: the answer reached the token limit";
  if (choice.finish_reason === "content_filter") return "blocked by the content filter";
  if (!choice.message.content?.trim()) return "empty response";
  return null;
}

/**
 * Summarizes a lead's conversation through Chat Completions with structured
 * outputs. Whatever goes wrong with the provider (timeout, 4xx, 5xx, network,
 * an answer that is not a valid summary) comes back as `ok: false` with a
 * short reason; only a bug of ours throws. Tokens are reported whenever the
 * answer said how many were spent, failed answers included.
 */
export async function summarizeWithOpenAi(request: SummaryRequest): Promise<SummaryAttempt> {
  const env = getEnv();
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const stageIds = request.stages.map((stage) => stage.id);

  let completion: ChatCompletion;
  try {
    const body = {
      model: env.OPENAI_MODEL,
      messages: summaryMessages(request),
      response_format: modelResponseFormat(stageIds),
      max_completion_tokens: MAX_COMPLETION_TOKENS,
    };
    completion = await withDeadline(requestDeadlineMs(env), (signal) => openAiClient().chat.completions.create(body, { signal }));
  } catch (error) {
    if (!isProviderFailure(error)) throw error;
    return { ok: false, reason: describeOpenAiError(error, env.OPENAI_TIMEOUT_MS), model: env.OPENAI_MODEL, usage: null, costBrl: null, durationMs: elapsed() };
  }

  // A 2xx answer that is not JSON at all (a proxy's HTML page) reaches here as a string.
  if (typeof completion !== "object" || completion === null) return { ok: false, reason: "invalid response: not JSON", model: env.OPENAI_MODEL, usage: null, costBrl: null, durationMs: elapsed() };
  const model = completion.model || env.OPENAI_MODEL;
  const usage = usageOf(completion);
  const costBrl = usage ? estimateCostBrl(model, usage, env.AI_BRL_PER_USD) : null;
  const choice = completion.choices?.[0];
  const unusable = unusableAnswer(choice);
  if (unusable) return { ok: false, reason: unusable, model, usage, costBrl, durationMs: elapsed() };

  const checked = checkModelOutput(choice.message.content ?? "", stageIds);
  if (!checked.ok) return { ok: false, reason: checked.reason, model, usage, costBrl, durationMs: elapsed() };
  // OpenAI always reports usage; a compatible proxy might not, and a good summary is not thrown away for that (its cost stays unknown).
  return { ok: true, output: checked.output, model, usage: usage ?? { inputTokens: 0, outputTokens: 0 }, costBrl, durationMs: elapsed() };
}
