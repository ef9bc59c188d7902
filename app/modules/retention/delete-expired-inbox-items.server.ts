import type { Db } from "~/utils/db.server";

/**
 * One batch of webhook deliveries past the inbox period deleted, whatever
 * their status: a job still queued for one finds no row and ends (see
 * processInboxItem), and one being processed holds its row, so it is skipped.
 */
export async function deleteExpiredInboxItems(db: Db, organizationId: string, cutoff: Date, limit: number) {
  // Materialized: a locking LIMIT subquery inlined into the delete may be evaluated again and pick fewer rows.
  const rows = await db.execute<{ id: string }[]>(
    `with picked as materialized (
       select id from webhook_inbox where organization_id = ? and received_at < ? order by received_at, id limit ? for update skip locked)
     delete from webhook_inbox gone using picked where gone.organization_id = ? and gone.id = picked.id
     returning gone.id`,
    [organizationId, cutoff, limit, organizationId],
  );
  return rows.length;
}
