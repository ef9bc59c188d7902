import type { Db } from "~/utils/db.server";
import { pendingEventsOf } from "./publish-events.server";
import type { RealtimeEvent, RealtimeMessage } from "./events";

/** SQL text with its `?` parameters, in order (the shape the board's `sql` tag inlines). */
export interface EventCtes {
  sql: string;
  params: unknown[];
}

/** What the `recorded_event` CTE returns. */
export interface RecordedEventRow {
  event_id: string;
  created_at: Date | string;
}

function payloadOf(event: RealtimeEvent) {
  return { ...event.data, actor: event.actor };
}

/** What `realtime_events` keeps: everything but the live-only fields, so the log holds no lead's personal data nor a word of a conversation (ADR 016). */
function storedPayloadOf(event: RealtimeEvent) {
  const payload: ReturnType<typeof payloadOf> & { card?: unknown; search?: unknown; preview?: unknown } = payloadOf(event);
  delete payload.card;
  delete payload.search;
  delete payload.preview;
  return payload;
}

/**
 * Two CTEs, `event_sequence` and `recorded_event`, that record `event` on the
 * organization's stream, for statements that change something and record it
 * in the same round trip. With `source` (the name of an earlier CTE yielding
 * at most one row) the event is recorded only if that CTE yields its row, so a
 * guarded write that matched nothing allocates no id. The id comes from the
 * organization's sequence row, whose lock is held until commit, so ids become
 * visible in order and without gaps.
 */
export function recordEventCtes(organizationId: string, event: RealtimeEvent, source?: string): EventCtes {
  const from = source ? ` from ${source}` : "";
  return {
    sql: `event_sequence as (
        insert into realtime_sequences (organization_id, last_event_id) select ?::uuid, 1${from}
        on conflict (organization_id) do update set last_event_id = realtime_sequences.last_event_id + 1
        returning last_event_id
      ), recorded_event as (
        insert into realtime_events (organization_id, event_id, type, data, created_at)
        select ?::uuid, last_event_id, ?, ?::jsonb, now() from event_sequence
        returning event_id, created_at
      )`,
    params: [organizationId, organizationId, event.type, JSON.stringify(storedPayloadOf(event))],
  };
}

/**
 * The message for a row `recordEventCtes` returned, queued on the caller's
 * transaction: it is published to the bus only after that transaction commits.
 * `event` may carry what only live delivery gets (a moved card, known once
 * the recording statement has answered).
 */
export function queueRecordedEvent(db: Db, organizationId: string, event: RealtimeEvent, row: RecordedEventRow): RealtimeMessage {
  // The compiler cannot pair a union member's type with its data through a spread.
  const message = {
    organizationId,
    id: Number(row.event_id),
    type: event.type,
    data: payloadOf(event),
    at: new Date(row.created_at).toISOString(),
  } as RealtimeMessage;
  pendingEventsOf(db).push(message);
  return message;
}

/** Records a change on the organization's event stream, inside the caller's transaction (one statement). */
export async function recordEvent(db: Db, organizationId: string, event: RealtimeEvent): Promise<RealtimeMessage> {
  // Fails before writing anything when called outside a transaction that publishes on commit.
  pendingEventsOf(db);
  const ctes = recordEventCtes(organizationId, event);
  const [row] = await db.execute<RecordedEventRow[]>(`with ${ctes.sql} select event_id, created_at from recorded_event`, ctes.params);
  return queueRecordedEvent(db, organizationId, event, row);
}
