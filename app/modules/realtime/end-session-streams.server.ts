import { loggerFor } from "~/utils/logger.server";
import { getRealtime } from "./realtime.server";

const log = loggerFor("realtime");

/**
 * Tells every web process to close the event streams opened with this
 * session (logout). One message on the control channel, looked up in each
 * process's session index: no per-connection polling. Never throws — the
 * logout itself already happened; streams missed here end at their process's
 * next session check (a few seconds) and the guard refuses the reconnect.
 */
export async function endSessionStreams(sessionId: string) {
  try {
    await getRealtime().publishSessionEnded(sessionId);
  } catch (error) {
    log.error({ err: error }, "session end not published");
  }
}
