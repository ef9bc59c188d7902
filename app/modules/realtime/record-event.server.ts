import type { Db } from "~/utils/db.server";
import { pendingEventsOf } from "~/utils/db.server";
import type { EventActor, EventType, RealtimeMessage } from "./events";

/**
 * Records a change on the organization's event stream, inside the caller's
 * transaction. The id comes from the organization's sequence row, whose lock
 * is held until commit, so ids become visible in order and without gaps; the
 * message is published to the bus only after the transaction commits.
 */
export async function recordEvent(
  db: Db,
  organizationId: string,
  event: { type: EventType; data: Record<string, unknown>; actor: EventActor | null },
): Promise<RealtimeMessage> {
  const pending = pendingEventsOf(db);
  const [{ last_event_id }] = await db.execute<{ last_event_id: string }[]>(
    `insert into realtime_sequences (organization_id, last_event_id) values (?, 1)
     on conflict (organization_id) do update set last_event_id = realtime_sequences.last_event_id + 1
     returning last_event_id`,
    [organizationId],
  );
  const data = { ...event.data, actor: event.actor };
  const [{ created_at }] = await db.execute<{ created_at: Date }[]>(
    `insert into realtime_events (organization_id, event_id, type, data, created_at) values (?, ?, ?, ?::jsonb, now()) returning created_at`,
    [organizationId, last_event_id, event.type, JSON.stringify(data)],
  );
  const message: RealtimeMessage = {
    organizationId,
    id: Number(last_event_id),
    type: event.type,
    data,
    at: new Date(created_at).toISOString(),
  };
  pending.push(message);
  return message;
}
