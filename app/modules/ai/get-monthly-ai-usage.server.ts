import type { Db } from "~/utils/db.server";

export type MonthlyAiUsage = {
  /** Requests for summaries sent to the provider this month, failed ones included (they were paid for). */
  summaries: number;
  transcriptions: number;
  inputTokens: number;
  outputTokens: number;
  /** Estimated, in BRL, as a decimal string; "0" when nothing was priced. */
  costBrl: string;
  /** The month's first instant in the organization's time zone. */
  since: Date;
};

/** What the organization's AI spent this calendar month, in its own time zone. */
export async function getMonthlyAiUsage(db: Db, organizationId: string): Promise<MonthlyAiUsage> {
  const [row] = await db.execute<
    { summaries: number; transcriptions: number; input_tokens: string; output_tokens: string; cost_brl: string; since: Date }[]
  >(
    `with month as (
       select (date_trunc('month', now() at time zone o.time_zone) at time zone o.time_zone) as since
         from organizations o where o.id = ?
     )
     select count(*) filter (where u.kind = 'summary')::int as summaries,
            count(*) filter (where u.kind = 'transcription')::int as transcriptions,
            coalesce(sum(u.input_tokens), 0)::text as input_tokens,
            coalesce(sum(u.output_tokens), 0)::text as output_tokens,
            coalesce(sum(u.cost_brl), 0)::text as cost_brl,
            month.since
       from month
       left join ai_usage u on u.organization_id = ? and u.created_at >= month.since
      group by month.since`,
    [organizationId, organizationId],
  );
  return {
    summaries: row.summaries,
    transcriptions: row.transcriptions,
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    costBrl: row.cost_brl,
    since: new Date(row.since),
  };
}
