import type { Db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { getMonthlyAiUsage } from "./get-monthly-ai-usage.server";
import { isOpenAiConfigured } from "./openai/openai-client.server";
import { recordAiUsage } from "./record-ai-usage.server";

/** Whether this many provider summaries spend the month's limit (only a provider has one: local analyses are free). */
export function isLimitSpent(summaries: number, monthlyLimit: number) {
  return isOpenAiConfigured() && summaries >= monthlyLimit;
}

/** Whether the organization's provider summaries are spent for this month. */
export async function isAiLimitReached(db: Db, organizationId: string, monthlyLimit: number) {
  return isOpenAiConfigured() && isLimitSpent((await getMonthlyAiUsage(db, organizationId)).summaries, monthlyLimit);
}

/**
 * Takes one of the month's provider summaries before anything is sent: the
 * count and the reservation happen under one lock per organization, so
 * concurrent jobs cannot all pass at 99 of 100. The reserved row is the
 * usage record the request settles once it has an answer. Null at the limit.
 */
export async function reserveAiSummary(db: Db, organizationId: string, monthlyLimit: number) {
  await db.execute("select pg_advisory_xact_lock(hashtext(?))", [`ai-limit:${organizationId}`]);
  if ((await getMonthlyAiUsage(db, organizationId)).summaries >= monthlyLimit) return null;
  return recordAiUsage(db, organizationId, { kind: "summary", model: getEnv().OPENAI_MODEL, costBrl: null, succeeded: false });
}

/** What a reserved request turned out to cost, written on its own so no later failure can lose the record of a paid request. */
export async function settleAiUsage(
  db: Db,
  organizationId: string,
  usageId: string,
  settled: { model: string; inputTokens: number; outputTokens: number; costBrl: number | null; succeeded: boolean },
) {
  await db.execute(
    "update ai_usage set model = ?, input_tokens = ?, output_tokens = ?, cost_brl = ?, succeeded = ? where organization_id = ? and id = ?",
    [settled.model.slice(0, 80), settled.inputTokens, settled.outputTokens, settled.costBrl, settled.succeeded, organizationId, usageId],
  );
}
