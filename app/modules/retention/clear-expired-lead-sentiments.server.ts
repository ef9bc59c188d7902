import type { Db } from "~/utils/db.server";

/**
 * Leads whose latest summary is past the AI period stop showing its
 * sentiment. A lead a teammate is moving right now is skipped rather than
 * waited for (the next pass clears it); the version is not bumped, since
 * nobody edited the lead. Returns how many were found.
 */
export async function clearExpiredLeadSentiments(db: Db, organizationId: string, cutoff: Date, limit: number) {
  const rows = await db.execute<{ id: string }[]>(
    `update leads set ai_sentiment = null, ai_summary_at = null
      where organization_id = ? and id in (
        select id from leads where organization_id = ? and ai_summary_at < ? limit ? for update skip locked)
      returning id`,
    [organizationId, organizationId, cutoff, limit],
  );
  return rows.length;
}
