import type { PresenceSnapshot, RealtimeMessage, ResyncReason } from "./events";

/**
 * Server-Sent Events frames, encoded once and shared by every connection that
 * receives them. `data:` is one line of JSON (JSON.stringify never emits a raw
 * newline), so no frame needs splitting.
 */
const encoder = new TextEncoder();

export function eventFrame(message: RealtimeMessage): Uint8Array {
  const data = JSON.stringify({ ...message.data, id: message.id, type: message.type, at: message.at });
  return encoder.encode(`id: ${message.id}\nevent: ${message.type}\ndata: ${data}\n\n`);
}

export function presenceFrame(snapshot: PresenceSnapshot): Uint8Array {
  const data = JSON.stringify({ ...snapshot, type: "presence", at: new Date().toISOString() });
  return encoder.encode(`event: presence\ndata: ${data}\n\n`);
}

/** The client must refetch: what it missed is no longer retained (or its id is unknown). */
export function resyncFrame(reason: ResyncReason): Uint8Array {
  return encoder.encode(`event: resync\ndata: ${JSON.stringify({ type: "resync", reason, at: new Date().toISOString() })}\n\n`);
}

/** Sent first: how long the browser waits before reconnecting after the stream ends. */
export function retryFrame(ms: number): Uint8Array {
  return encoder.encode(`retry: ${ms}\n\n`);
}

export const PING_FRAME = encoder.encode(": ping\n\n");
