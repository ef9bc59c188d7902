import type { Db } from "~/utils/db.server";

/**
 * One batch of webhook deliveries past the inbox period deleted, whatever
 * their status: a job still queued for one finds no row and ends (see
 * processInboxItem), and one being processed holds its row, so it is skipped.
 */
export async function deleteExpiredInboxItems(db: Db, organizationId: string, cutoff: Date, limit: number) {
  const rows = await db.execute<{ id: string }[]>(
    `delete from webhook_inbox where organization_id = ? and id in (
       select id from webhook_inbox where organization_id = ? and received_at < ? order by received_at, id limit ? for update skip locked)
     returning id`,
    [organizationId, organizationId, cutoff, limit],
  );
  return rows.length;
}
