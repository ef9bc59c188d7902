import { withOrganization, type Db } from "~/utils/db.server";
import type { RealtimeMessage } from "./events";

/**
 * The organization's committed events after `afterId` (at most `limit`, in id
 * order) and its last allocated id. The head is read after the rows: ids
 * commit in order, so everything up to it is visible by then.
 */
export async function readEventsAfter(organizationId: string, afterId: number, limit: number) {
  return withOrganization(organizationId, async (db) => {
    const rows =
      limit > 0
        ? await db.execute<{ event_id: string; type: RealtimeMessage["type"]; data: RealtimeMessage["data"]; created_at: Date }[]>(
            `select event_id, type, data, created_at from realtime_events
              where organization_id = ? and event_id > ? order by event_id limit ?`,
            [organizationId, afterId, limit],
          )
        : [];
    const lastEventId = await readLastEventId(db, organizationId);
    // Rows were written by `recordEvent` from the same union, so their type and data match.
    const events = rows.map(
      (row) =>
        ({
          organizationId,
          id: Number(row.event_id),
          type: row.type,
          data: row.data,
          at: new Date(row.created_at).toISOString(),
        }) as RealtimeMessage,
    );
    return { events, lastEventId };
  });
}

/** The organization's last allocated event id: a page read after it gets every later change from its stream. */
export async function readLastEventId(db: Db, organizationId: string) {
  const [head] = await db.execute<{ last_event_id: string }[]>(`select last_event_id from realtime_sequences where organization_id = ?`, [
    organizationId,
  ]);
  return Number(head?.last_event_id ?? 0);
}
