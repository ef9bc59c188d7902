import { Organization } from "@db/entities/organization";
import { withOrganization } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { isLimitSpent } from "../ai-limit.server";
import { getMonthlyAiUsage, type MonthlyAiUsage } from "../get-monthly-ai-usage.server";
import { isOpenAiConfigured } from "../openai/openai-client.server";

export interface AiSettings {
  enabled: boolean;
  monthlyLimit: number;
  /** Where summaries are computed: OpenAI (with its model) when a key is configured, else the local analyzer. */
  provider: { name: "openai"; model: string } | { name: "local"; model: null };
  /** This calendar month, in the organization's time zone: what was sent to the provider (`since` as ISO text for the page). */
  usage: Omit<MonthlyAiUsage, "since"> & { since: string };
  /** Analyses made on this server this month; they cost nothing and do not count towards the limit. */
  localAnalyses: number;
  /** Provider summaries are spent for the month: automatic ones stop and "Resumir agora" is refused. */
  limitReached: boolean;
}

/** What the AI settings page shows for one organization. */
export async function getAiSettings(organizationId: string): Promise<AiSettings> {
  return withOrganization(organizationId, async (db) => {
    const organization = await db.findOneOrFail(Organization, { id: organizationId });
    const usage = await getMonthlyAiUsage(db, organizationId);
    const [local] = await db.execute<{ count: number }[]>(
      `select count(*)::int as count from ai_summaries where organization_id = ? and provider = 'local' and created_at >= ?`,
      [organizationId, usage.since],
    );
    const provider: AiSettings["provider"] = isOpenAiConfigured() ? { name: "openai", model: getEnv().OPENAI_MODEL } : { name: "local", model: null };
    return {
      enabled: organization.aiEnabled,
      monthlyLimit: organization.aiMonthlyLimit,
      provider,
      usage: { ...usage, since: usage.since.toISOString() },
      localAnalyses: local.count,
      limitReached: isLimitSpent(usage.summaries, organization.aiMonthlyLimit),
    };
  });
}
