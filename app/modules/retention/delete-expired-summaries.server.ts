import type { Db } from "~/utils/db.server";

/**
 * One batch of AI summaries past the AI period deleted. Their usage rows stay
 * (billing metadata without content; the foreign key unlinks them). Returns
 * how many went.
 */
export async function deleteExpiredSummaries(db: Db, organizationId: string, cutoff: Date, limit: number) {
  const rows = await db.execute<{ id: string }[]>(
    `delete from ai_summaries where organization_id = ? and id in (
       select id from ai_summaries where organization_id = ? and created_at < ? order by created_at, id limit ? for update skip locked)
     returning id`,
    [organizationId, organizationId, cutoff, limit],
  );
  return rows.length;
}
