import { randomUUID } from "node:crypto";
import { getEnv } from "~/utils/env.server";
import { loggerFor } from "~/utils/logger.server";
import { createBus } from "./create-bus.server";
import { DEFAULT_HUB_OPTIONS, EventHub, type HubOptions } from "./event-hub.server";
import { liveSessionIds } from "./live-sessions.server";

// On globalThis: the Remix server bundle and code run from source (the web
// entry, the worker, tests) are separate module copies in one process, and
// they must share one hub and one subscriber connection.
const store = globalThis as typeof globalThis & {
  __lovedRealtime?: EventHub;
  __lovedRealtimeOptions?: Partial<HubOptions>;
};

/** This process's event hub (and bus), created on first use from the environment. */
export function getRealtime(): EventHub {
  store.__lovedRealtime ??= new EventHub((handlers) => createBus(getEnv(), handlers), {
    processId: randomUUID(),
    log: (message) => loggerFor("realtime").error(message),
    ...DEFAULT_HUB_OPTIONS,
    liveSessions: liveSessionIds,
    ...store.__lovedRealtimeOptions,
  });
  return store.__lovedRealtime;
}

/** Ends every stream of this process and closes the bus (shutdown, or a test switching databases). */
export async function closeRealtime() {
  const hub = store.__lovedRealtime;
  delete store.__lovedRealtime;
  await hub?.close();
}

/** Overrides for the next hub this process creates (tests use short intervals). */
export function configureRealtime(options: Partial<HubOptions>) {
  store.__lovedRealtimeOptions = options;
}
