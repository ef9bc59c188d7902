import { getEnv } from "~/utils/env.server";

/**
 * OpenAI's list prices in USD (standard tier, no batch or cached-input
 * discount), as published on its pricing page and quoted alike by several
 * 2026 price guides; looked up 2026-11-29. An estimate for the lead page and
 * the AI usage report, never a bill: update when OpenAI changes them.
 */
const TOKEN_PRICES_PER_MILLION: Record<string, { input: number; output: number }> = {
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-4.1": { input: 2, output: 8 },
  "gpt-5-mini": { input: 0.25, output: 2 },
};

const TRANSCRIPTION_PRICES_PER_MINUTE: Record<string, number> = {
  "gpt-4o-mini-transcribe": 0.003,
  "gpt-4o-transcribe": 0.006,
  "whisper-1": 0.006,
};

/**
 * The table's entry for a model, also under a dated name
 * ("gpt-4o-mini-2024-07-18"). The longest name wins, so "gpt-4o-mini-…" is
 * never priced as "gpt-4o", nor "gpt-4o-mini-transcribe" as "gpt-4o-mini".
 */
function priceOf<T>(table: Record<string, T>, model: string): T | null {
  const name = model.trim().toLowerCase();
  if (Object.hasOwn(table, name)) return table[name];
  const dated = Object.keys(table)
    .filter((known) => name.startsWith(`${known}-`) && /^\d{4}-\d{2}-\d{2}$/.test(name.slice(known.length + 1)))
    .sort((a, b) => b.length - a.length)[0];
  return dated === undefined ? null : table[dated];
}

/** Six decimals: a short summary on gpt-4o-mini costs a few hundredths of a centavo, which coarser rounding would make zero. */
const roundBrl = (brl: number) => Math.round(brl * 1_000_000) / 1_000_000;

export function estimateCostBrl(model: string, usage: { inputTokens: number; outputTokens: number }, brlPerUsd: number = getEnv().AI_BRL_PER_USD): number | null {
  const price = priceOf(TOKEN_PRICES_PER_MILLION, model);
  if (!price) return null;
  const usd = (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
  return roundBrl(usd * brlPerUsd);
}

export function estimateTranscriptionCostBrl(model: string, seconds: number, brlPerUsd: number = getEnv().AI_BRL_PER_USD): number | null {
  const perMinute = priceOf(TRANSCRIPTION_PRICES_PER_MINUTE, model);
  if (perMinute === null || !Number.isFinite(seconds) || seconds < 0) return null;
  return roundBrl((seconds / 60) * perMinute * brlPerUsd);
}
