/**
 * The realtime wire contract, shared by server and browser. Every committed
 * change becomes one event on its organization's stream; `presence` is
 * ephemeral (no id) and `resync` tells a client to refetch.
 */
export const EVENT_TYPES = [
  "lead.created",
  "lead.updated",
  "lead.moved",
  "lead.deleted",
  "stage.created",
  "stage.updated",
  "stage.reordered",
  "stage.archived",
  "member.removed",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface EventActor {
  id: string;
  name: string;
}

/** What travels on the bus and, as `data:`, on the SSE stream (`id:` = id, `event:` = type). */
export interface RealtimeMessage {
  organizationId: string;
  /** Increasing per organization; null for ephemeral messages (presence). */
  id: number | null;
  type: EventType | "presence";
  data: Record<string, unknown> & { actor?: EventActor | null };
  /** ISO time of the commit. */
  at: string;
}

/**
 * `presence` event data (no id): who has the board stream open (the first
 * few, and how many in all), and the cards being dragged. Sent right after
 * connect and when it changes.
 */
export interface PresenceSnapshot {
  viewers: { userId: string; fullName: string }[];
  viewerCount: number;
  dragging: { leadId: string; userId: string; fullName: string }[];
}
