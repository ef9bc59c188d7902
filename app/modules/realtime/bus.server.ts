import type { RealtimeMessage } from "./events";
import type { PresenceOp } from "./presence-state.server";

/**
 * The transport between web processes: plain string payloads on named
 * channels. Each process holds one subscriber connection; which channels it
 * follows changes as its SSE clients come and go. Ordering and gap filling
 * live above it (the event hub), so the adapters stay dumb.
 */
export interface RealtimeBus {
  readonly kind: "redis" | "postgres";
  /** Largest payload the transport carries; bigger events travel as a reference to their row. */
  readonly maxPayloadBytes: number;
  publish(channel: string, payload: string): Promise<void>;
  /** Resolves once messages on the channel are being received. */
  follow(channel: string): Promise<void>;
  unfollow(channel: string): Promise<void>;
  close(): Promise<void>;
}

export interface BusHandlers {
  onMessage(channel: string, payload: string): void;
  /** The subscriber connection came back after a loss: anything published meanwhile was missed. */
  onReconnect(): void;
  log(message: string): void;
}

/** Logouts and other process-wide signals. */
export const CONTROL_CHANNEL = "loved_rt_control";

/** One channel per organization: a process only receives what its clients may see. */
export function organizationChannel(organizationId: string) {
  return `loved_rt_${organizationId.replaceAll("-", "").toLowerCase()}`;
}

/** A presence operation among web processes (never sent to browsers as is). */
export interface PresenceBusMessage {
  organizationId: string;
  id: null;
  type: "presence";
  data: PresenceOp;
  at: string;
}

/** What travels on an organization's channel: an event (data left out when it is too big) or a presence operation. */
export type OrganizationBusMessage = (RealtimeMessage & { partial?: true }) | PresenceBusMessage;

export interface ControlBusMessage {
  type: "session.ended";
  sessionId: string;
}

export function encodeOrganizationMessage(message: RealtimeMessage, maxPayloadBytes: number) {
  const payload = JSON.stringify(message);
  if (Buffer.byteLength(payload) <= maxPayloadBytes) return payload;
  // Receivers read the row back from realtime_events; the id is all they need.
  return JSON.stringify({ ...message, data: {}, partial: true });
}
