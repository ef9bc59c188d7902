import type { LeadAiPanel, SummaryView, SuggestionField } from "~/lib/ai";
import { withOrganization, type Db } from "~/utils/db.server";
import { isAiLimitReached } from "./ai-limit.server";
import { isOpenAiConfigured } from "./openai/openai-client.server";
import { acceptableValue } from "./suggestion-values.server";
import { summaryOutputSchema, type SummaryOutput } from "./summary-output.server";

const HISTORY = 10;

/**
 * What the lead page shows about AI: the newest analyses (the first is
 * current, the rest its history), whether one is on its way, and whether
 * the month's provider limit stops them. Extracted details are offered only
 * when the lead could hold them. Null when the lead is not the organization's.
 */
export function getLeadAiPanel(organizationId: string, leadId: string): Promise<LeadAiPanel | null> {
  return withOrganization(organizationId, (db) => readPanel(db, organizationId, leadId));
}

/** What a person could take onto the lead: anything else (a masked "[email]", an unreadable budget) is not offered. */
function offerable(extracted: SummaryOutput["extracted"]): SummaryOutput["extracted"] {
  return {
    company: acceptableValue("company", extracted),
    email: acceptableValue("email", extracted),
    budget: acceptableValue("budget", extracted) ? extracted.budget : null,
    deadline: acceptableValue("deadline", extracted),
  };
}

async function readPanel(db: Db, organizationId: string, leadId: string): Promise<LeadAiPanel | null> {
  const [lead] = await db.execute<{ ai_enabled: boolean; ai_monthly_limit: number; pending: boolean }[]>(
    `select o.ai_enabled, o.ai_monthly_limit, l.ai_pending_since is not null as pending
       from leads l join organizations o on o.id = l.organization_id
      where l.organization_id = ? and l.id = ?`,
    [organizationId, leadId],
  );
  if (!lead) return null;
  const provider = isOpenAiConfigured() ? "openai" : "local";
  const rows = await db.execute<
    {
      id: string;
      status: "succeeded" | "failed";
      provider: "openai" | "local";
      model: string;
      trigger: "auto" | "manual";
      created_at: Date;
      error: string | null;
      output: unknown;
      accepted: Record<string, { userId: string; at: string }>;
      stage_name: string | null;
      stage_active: boolean | null;
    }[]
  >(
    `select a.id, a.status, a.provider, a.model, a.trigger, a.created_at, a.error, a.output, a.accepted,
            s.name as stage_name, s.is_active as stage_active
       from ai_summaries a left join pipeline_stages s on s.id = a.suggested_stage_id
      where a.organization_id = ? and a.lead_id = ?
      order by a.created_at desc, a.id desc
      limit ?`,
    [organizationId, leadId, HISTORY],
  );
  const acceptors = [...new Set(rows.flatMap((row) => Object.values(row.accepted).map((entry) => entry.userId)))];
  const names = acceptors.length
    ? new Map((await db.execute<{ id: string; full_name: string }[]>("select id, full_name from find_user_names(array[?]::uuid[])", [acceptors])).map((user) => [user.id, user.full_name]))
    : new Map<string, string>();
  const summaries = rows.map((row): SummaryView => {
    const parsed = row.output ? summaryOutputSchema.safeParse(row.output) : null;
    const output = parsed?.success ? parsed.data : null;
    const accepted: SummaryView["accepted"] = {};
    for (const [field, entry] of Object.entries(row.accepted)) accepted[field as SuggestionField] = { by: names.get(entry.userId) ?? null, at: entry.at };
    return {
      id: row.id,
      status: row.status,
      provider: row.provider,
      model: row.model,
      trigger: row.trigger,
      createdAt: new Date(row.created_at).toISOString(),
      error: row.error,
      result: output && {
        summary: output.summary,
        sentiment: output.sentiment,
        sentimentScore: output.sentimentScore,
        intent: output.intent,
        urgency: output.urgency,
        nextActions: output.nextActions,
        suggestedStage:
          output.suggestedStageId && row.stage_name && row.stage_active
            ? { id: output.suggestedStageId, name: row.stage_name, reason: output.suggestedStageReason }
            : null,
        extracted: offerable(output.extracted),
      },
      accepted,
    };
  });
  const limitReached = await isAiLimitReached(db, organizationId, lead.ai_monthly_limit);
  return { enabled: lead.ai_enabled, provider, pending: lead.ai_enabled && lead.pending, limitReached, summaries };
}
