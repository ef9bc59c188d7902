import { onCommit, queueOnCommit, type Db } from "~/utils/db.server";
import { loggerFor } from "~/utils/logger.server";
import type { RealtimeMessage } from "./events";
import { getRealtime } from "./realtime.server";

const COMMITTED_EVENTS = "realtime-events";
const log = loggerFor("realtime");

/**
 * Hands committed events to the realtime bus. Never throws: the change is
 * already committed, and subscribers detect a missing id and read it back from
 * `realtime_events`.
 */
export async function publishCommittedEvents(events: RealtimeMessage[]) {
  try {
    await getRealtime().publishEvents(events);
  } catch (error) {
    log.error({ err: error, events: events.map((event) => `${event.organizationId}#${event.id}`) }, "publish failed");
  }
}

// Registered when this module loads, and `recordEvent` reaches the queue only
// through it: every process that can record an event (web, worker, tests) publishes it.
onCommit(COMMITTED_EVENTS, publishCommittedEvents);

/** The events the caller's transaction will publish once it commits (a rollback drops them). */
export function pendingEventsOf(db: Db): RealtimeMessage[] {
  return queueOnCommit<RealtimeMessage>(db, COMMITTED_EVENTS);
}
