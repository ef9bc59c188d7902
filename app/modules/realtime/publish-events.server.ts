import type { RealtimeMessage } from "./events";
import { getRealtime } from "./realtime.server";

/**
 * Hands committed events to the realtime bus. Never throws: the change is
 * already committed, and subscribers detect a missing id and read it back from
 * `realtime_events`.
 */
export async function publishCommittedEvents(events: RealtimeMessage[]) {
  try {
    await getRealtime().publishEvents(events);
  } catch (error) {
    const ids = events.map((event) => `${event.organizationId}#${event.id}`).join(", ");
    console.error(`[realtime] publish failed for ${ids}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
