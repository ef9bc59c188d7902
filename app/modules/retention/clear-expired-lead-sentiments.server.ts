import type { Db } from "~/utils/db.server";

/**
 * Leads whose latest summary is past the AI period stop showing its
 * sentiment. A lead a teammate is moving right now is skipped rather than
 * waited for (the next pass clears it); the version is not bumped, since
 * nobody edited the lead. Returns how many were found.
 */
export async function clearExpiredLeadSentiments(db: Db, organizationId: string, cutoff: Date, limit: number) {
  // Materialized: a locking LIMIT subquery inlined into the delete may be evaluated again and pick fewer rows.
  const rows = await db.execute<{ id: string }[]>(
    `with picked as materialized (
       select id from leads where organization_id = ? and ai_summary_at < ? limit ? for update skip locked)
     update leads set ai_sentiment = null, ai_summary_at = null from picked
      where leads.organization_id = ? and leads.id = picked.id
      returning leads.id`,
    [organizationId, cutoff, limit, organizationId],
  );
  return rows.length;
}
