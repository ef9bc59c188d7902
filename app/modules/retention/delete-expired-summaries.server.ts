import type { Db } from "~/utils/db.server";

/**
 * One batch of AI summaries past the AI period deleted. Their usage rows stay
 * (billing metadata without content; the foreign key unlinks them). Returns
 * how many went.
 */
export async function deleteExpiredSummaries(db: Db, organizationId: string, cutoff: Date, limit: number) {
  // Materialized: a locking LIMIT subquery inlined into the delete may be evaluated again and pick fewer rows.
  const rows = await db.execute<{ id: string }[]>(
    `with picked as materialized (
       select id from ai_summaries where organization_id = ? and created_at < ? order by created_at, id limit ? for update skip locked)
     delete from ai_summaries gone using picked where gone.organization_id = ? and gone.id = picked.id
     returning gone.id`,
    [organizationId, cutoff, limit, organizationId],
  );
  return rows.length;
}
