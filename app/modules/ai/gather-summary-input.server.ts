import type { Db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import type { SuggestableStage } from "./local-analyzer/suggest-stage";
import { maskContacts } from "./mask-contacts";
import { fingerprintLeadConversation, readLeadConversation, type ConversationEntry } from "./read-lead-conversation.server";
import { trimConversation } from "./trim-conversation";

/** Rows read before the token budget is applied: far more than any budget sends. */
const ROWS_READ = 400;

export type SummaryInput = {
  organization: { aiEnabled: boolean; monthlyLimit: number; language: "pt-BR" | "en"; timeZone: string };
  lead: { id: string; name: string; company: string | null; stageId: string };
  stages: SuggestableStage[];
  fingerprint: string;
  /** The newest succeeded summary: carried forward, and whether this state was already summarized. */
  previous: { id: string; summary: string; fingerprint: string; coveredUntil: Date | null } | null;
  /** What is sent (oldest first), masked and trimmed. */
  entries: ConversationEntry[];
  /** The database's clock when the conversation was read: changes after it still wait for a summary. */
  readAt: Date;
};

/**
 * Everything one summary reads, in one transaction: the organization's
 * settings, the lead, its active stages, and its own conversation only,
 * newest first within the token budget. What leaves for a provider has third
 * parties' phone numbers and e-mail addresses masked (the lead's own stay);
 * the local analyzer reads them as written, since nothing leaves. Null when
 * the lead is gone.
 */
export async function gatherSummaryInput(db: Db, organizationId: string, leadId: string, options: { maskContacts: boolean }): Promise<SummaryInput | null> {
  const [row] = await db.execute<
    { ai_enabled: boolean; ai_monthly_limit: number; locale: "pt-BR" | "en"; time_zone: string; full_name: string; company: string | null; email: string | null; phone: string | null; stage_id: string; read_at: Date }[]
  >(
    `select o.ai_enabled, o.ai_monthly_limit, o.locale, o.time_zone, l.full_name, l.company, l.email, l.phone, l.stage_id, now() as read_at
       from leads l join organizations o on o.id = l.organization_id
      where l.organization_id = ? and l.id = ?`,
    [organizationId, leadId],
  );
  if (!row) return null;
  const organization = { aiEnabled: row.ai_enabled, monthlyLimit: row.ai_monthly_limit, language: row.locale, timeZone: row.time_zone };
  const stages = await db.execute<{ id: string; name: string; stage_type: SuggestableStage["stageType"]; position: number }[]>(
    "select id, name, stage_type, position from pipeline_stages where organization_id = ? and is_active order by position",
    [organizationId],
  );
  const [previousRow] = await db.execute<{ id: string; summary: string; input_fingerprint: string; input_to: Date | null }[]>(
    `select id, output->>'summary' as summary, input_fingerprint, input_to from ai_summaries
      where organization_id = ? and lead_id = ? and status = 'succeeded'
      order by created_at desc, id desc limit 1`,
    [organizationId, leadId],
  );
  const previous = previousRow
    ? { id: previousRow.id, summary: previousRow.summary, fingerprint: previousRow.input_fingerprint, coveredUntil: previousRow.input_to ? new Date(previousRow.input_to) : null }
    : null;
  const { fingerprint } = await fingerprintLeadConversation(db, organizationId, leadId);
  const newestFirst = await readLeadConversation(db, organizationId, leadId, { limit: ROWS_READ, language: organization.language });
  const keep = [row.phone, row.email].filter((value): value is string => !!value);
  const masked = options.maskContacts ? newestFirst.map((entry) => ({ ...entry, text: maskContacts(entry.text, { keep }) })) : newestFirst;
  const entries = trimConversation(masked, {
    budgetTokens: getEnv().AI_SUMMARY_INPUT_TOKENS,
    previousSummary: previous ? { text: previous.summary, coveredUntil: previous.coveredUntil } : null,
  });
  return {
    organization,
    lead: { id: leadId, name: row.full_name, company: row.company, stageId: row.stage_id },
    stages: stages.map((stage) => ({ id: stage.id, name: stage.name, stageType: stage.stage_type, position: stage.position })),
    fingerprint,
    previous,
    entries,
    readAt: new Date(row.read_at),
  };
}
