import { redactCommunications } from "~/modules/timeline/redact-communications.server";
import type { Db } from "~/utils/db.server";

/**
 * One batch of expired timeline entries emptied (the oldest first, along the
 * partial retention index). Rows another transaction holds are skipped, not
 * waited for: the next batch or the next night gets them. Returns how many
 * were found, which is how many were redacted (they are locked).
 */
export async function redactExpiredCommunications(db: Db, organizationId: string, cutoff: Date, limit: number, at: Date) {
  const rows = await db.execute<{ id: string }[]>(
    `select id from communications
      where organization_id = ? and redacted_at is null and sent_at < ?
      order by sent_at, id limit ? for update skip locked`,
    [organizationId, cutoff, limit],
  );
  return (await redactCommunications(db, organizationId, rows.map((row) => row.id), at)).length;
}
