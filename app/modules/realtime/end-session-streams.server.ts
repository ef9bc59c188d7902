import { getRealtime } from "./realtime.server";

/**
 * Tells every web process to close the event streams opened with this
 * session (logout). One message on the control channel, looked up in each
 * process's session index: no per-connection polling. Never throws — the
 * logout itself already happened; streams missed here still end when their
 * lifetime runs out and the guard refuses the reconnect.
 */
export async function endSessionStreams(sessionId: string) {
  try {
    await getRealtime().publishSessionEnded(sessionId);
  } catch (error) {
    console.error(`[realtime] session end not published: ${error instanceof Error ? error.message : String(error)}`);
  }
}
