/**
 * `bench:ai` part c, in this process: the local analyzer ("análise local")
 * on long generated conversations, and what a summary does to its input
 * before any provider sees it (mask third parties' contacts in the 400
 * newest entries, trim to the token budget), then the analysis or the
 * prompt of what fits.
 */
import { analyzeConversation } from "~/modules/ai/local-analyzer/analyze-conversation";
import { maskContacts } from "~/modules/ai/mask-contacts";
import { summaryMessages } from "~/modules/ai/openai/summary-prompt.server";
import { trimConversation } from "~/modules/ai/trim-conversation";
import { getEnv } from "~/utils/env.server";
import { ptBrConversation } from "./ai-conversation";
import { summary } from "./bench-stats";

/** `runs` timed analyses of different `messages`-long conversations, after one untimed (JIT warm-up). */
export function analyzerThroughput(messages: number, runs: number) {
  const now = new Date();
  const conversations = Array.from({ length: runs + 1 }, (_, i) => ptBrConversation(messages, 1000 + i, now));
  const times = conversations.map((conversation) => {
    const started = performance.now();
    analyzeConversation({ messages: conversation, language: "pt-BR", now });
    return performance.now() - started;
  });
  const timed = times.slice(1);
  const mean = timed.reduce((a, b) => a + b, 0) / timed.length;
  return `c. analyzeConversation on ${messages.toLocaleString("en")}-message pt-BR conversations, ${runs} runs: ${summary(timed, [50])}, mean ${mean.toFixed(0)} ms → ${Math.round((messages * 1000) / mean).toLocaleString("en")} messages/s`;
}

/**
 * The summary job's input preparation as `gatherSummaryInput` does it, on
 * `entries` newest-first entries, `iterations` times: masking each entry
 * (keeping the lead's own phone and e-mail), then trimming to the budget.
 */
export function inputPreparation(entries: number, iterations: number) {
  const newestFirst = ptBrConversation(entries, 7).reverse();
  const keep = ["+5511987650001", "compras@cliente.test"];
  const budgetTokens = getEnv().AI_SUMMARY_INPUT_TOKENS;
  const now = new Date();
  let maskMs = 0;
  let trimMs = 0;
  let analyzeMs = 0;
  let promptMs = 0;
  let sent = 0;
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    const masked = newestFirst.map((entry) => ({ ...entry, text: maskContacts(entry.text, { keep }) }));
    const masking = performance.now();
    const trimmed = trimConversation(masked, { budgetTokens, previousSummary: null });
    const trimming = performance.now();
    // What the job then does with what fits: analyze it (no key) or write the prompt (OpenAI).
    analyzeConversation({ messages: trimmed, language: "pt-BR", now });
    const analyzing = performance.now();
    const entries = trimmed.map((entry) => ({ ...entry, kind: entry.direction === "internal" ? ("note" as const) : ("message" as const) }));
    summaryMessages({ language: "pt-BR", timeZone: "America/Sao_Paulo", now, lead: { name: "Cliente", company: null, stageName: "Lead" }, stages: [], previousSummary: null, entries });
    promptMs += performance.now() - analyzing;
    analyzeMs += analyzing - trimming;
    trimMs += trimming - masking;
    maskMs += masking - started;
    sent = trimmed.length;
  }
  const per = (total: number) => (total / iterations).toFixed(2);
  return [
    `c. input preparation on ${entries} entries (mean of ${iterations}): maskContacts ${per(maskMs)} ms + trimConversation ${per(trimMs)} ms = ${per(maskMs + trimMs)} ms; ${sent} entries fit ${budgetTokens} tokens`,
    `c. on those ${sent} entries (what one summary reads at most): analyzeConversation ${per(analyzeMs)} ms; the OpenAI prompt (summaryMessages) ${per(promptMs)} ms`,
  ];
}
