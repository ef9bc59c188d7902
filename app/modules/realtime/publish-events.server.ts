import type { RealtimeMessage } from "./events";
import { getRealtime } from "./realtime.server";

/**
 * Hands committed events to the realtime bus's queue and returns at once: no
 * response waits for the bus. Never throws: the change is already committed,
 * and subscribers detect a missing id and read it back from `realtime_events`.
 */
export function publishCommittedEvents(events: RealtimeMessage[]) {
  try {
    getRealtime().publishEvents(events);
  } catch (error) {
    const ids = events.map((event) => `${event.organizationId}#${event.id}`).join(", ");
    console.error(`[realtime] publish failed for ${ids}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
