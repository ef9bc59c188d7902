import { loggerFor } from "~/utils/logger.server";
import type { RealtimeMessage } from "./events";
import { getRealtime } from "./realtime.server";

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
