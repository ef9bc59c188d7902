/**
 * The realtime wire contract, shared by server and browser (so nothing here
 * may import server code). Every committed change becomes one event on its
 * organization's stream; `presence` is ephemeral (no id) and `resync` tells a
 * client to refetch. A new event type is one entry in `EventDataByType` and
 * one in `EVENT_TYPE_SET`: the compiler then points at every producer and
 * consumer that must learn about it.
 */
import type { BoardCard, LeadSearchFields } from "~/lib/board-client";
import type { ContactChannel } from "~/lib/lead-enums";

export interface EventActor {
  id: string;
  name: string;
}

export interface LeadCreatedData {
  leadId: string;
  stageId: string;
  version: number;
}

export interface LeadUpdatedData {
  leadId: string;
  stageId: string;
  version: number;
  /** Names of the changed fields, never their values: loaders stay the only read path. */
  fields: string[];
}

/**
 * The lead fields a conversation writes (a message in or out, later a call):
 * `lead.updated` names only these when the version did not change, so a
 * teammate's move or edit is never refused as stale because a message came in.
 */
export const CONVERSATION_FIELDS = ["lastContactAt", "lastContactChannel", "lastInboundAt", "unreadCount"] as const;
export type ConversationField = (typeof CONVERSATION_FIELDS)[number];

/** Whether a `lead.updated` is only a conversation's trace (its version unchanged). */
export function isConversationUpdate(data: { fields: string[] }) {
  return data.fields.length > 0 && data.fields.every((field) => (CONVERSATION_FIELDS as readonly string[]).includes(field));
}

export interface LeadMovedData {
  leadId: string;
  fromStageId: string;
  toStageId: string;
  /** The card it now follows in its column (null: first). */
  afterLeadId: string | null;
  version: number;
  /** The lead's new ordering key. */
  position: string;
  /**
   * The card as the board shows it after the move, on live delivery only:
   * `realtime_events` never stores it (ADR 016), so a replayed or oversized
   * event arrives without it and the board asks for the card instead.
   */
  card?: BoardCard;
  /** Beside `card`, live only too: what the board's text search reads that the card does not show. */
  search?: LeadSearchFields;
}


export interface LeadDeletedData {
  leadId: string;
  stageId: string;
}

export interface StageCreatedData {
  stageId: string;
  name: string;
  color: string;
  position: number;
}

export interface StageUpdatedData {
  stageId: string;
  fields: string[];
  name: string;
  color: string;
}

export interface StageReorderedData {
  stageIds: string[];
}

export interface StageArchivedData {
  stageId: string;
  /** Where its leads went (null: it had none). */
  movedTo: string | null;
  movedLeadCount: number;
}

/** What a timeline message is and where it stands; the content itself is read through the lead page's loader. */
export interface MessageUpdatedData {
  messageId: string;
  leadId: string;
  channel: ContactChannel;
  direction: "inbound" | "outbound" | "internal";
  /** The provider's delivery status (queued, sent, delivered, read, failed; received for inbound), or null. */
  status: string | null;
}

export interface MessageCreatedData extends MessageUpdatedData {
  /**
   * At most 100 characters of the text, or the media kind ("image", "audio"…),
   * for toasts: on live delivery only, like a moved card (ADR 016), so the
   * event log keeps none of a conversation.
   */
  preview?: string;
  /** The lead's assignee when the message arrived: whose toast it is. */
  assigneeId: string | null;
}

export interface NoteData {
  noteId: string;
  leadId: string;
  authorId: string | null;
}

/** Where a call stands: the timeline entry itself is read through the lead page's loader. */
export interface CallData {
  callId: string;
  leadId: string;
  direction: "inbound" | "outbound";
  /** queued, initiated, ringing, in-progress, then one of completed, busy, no-answer, failed, canceled (never backwards). */
  status: string;
  durationSeconds: number | null;
  /** Whether a recording is stored and can be played. */
  recording: boolean;
  /** True on the one event that brought the call to its final status. */
  ended: boolean;
  /** The lead's assignee when the call came in: whose toast a missed call is. */
  assigneeId: string | null;
}

/**
 * A new analysis of a lead's conversation; lead pages and boards read the
 * summary itself through their loaders. A failed attempt is announced too
 * (sentiment null), so a page waiting on "Resumir agora" stops waiting.
 */
export interface SummaryCreatedData {
  leadId: string;
  summaryId: string;
  status: "succeeded" | "failed";
  sentiment: "positive" | "neutral" | "negative" | null;
  suggestedStageId: string | null;
}

/**
 * Where a data-subject request stands, for open privacy pages; who the person
 * is, only the page's loader (admins) says. It travels on the whole
 * organization's channel on purpose: an opaque id, a status and a percentage
 * tell a viewer only that some request exists, which is no one's personal
 * data, and a per-role channel would be a second fan-out for one page.
 */
export interface PrivacyRequestUpdatedData {
  requestId: string;
  status: "received" | "processing" | "done" | "failed";
  /** Percentage of the export or deletion done. */
  progress: number;
}

export interface MemberRemovedData {
  userId: string;
}

/** An owner deleted the organization: every open stream of it closes (the reconnect is refused). */
export interface OrganizationDeletedData {
  organizationId: string;
}

/** What each event type carries, besides its actor. */
export interface EventDataByType {
  "lead.created": LeadCreatedData;
  "lead.updated": LeadUpdatedData;
  "lead.moved": LeadMovedData;
  "lead.deleted": LeadDeletedData;
  "stage.created": StageCreatedData;
  "stage.updated": StageUpdatedData;
  "stage.reordered": StageReorderedData;
  "stage.archived": StageArchivedData;
  "member.removed": MemberRemovedData;
  "organization.deleted": OrganizationDeletedData;
  "message.created": MessageCreatedData;
  "message.updated": MessageUpdatedData;
  "note.created": NoteData;
  "note.updated": NoteData;
  "note.deleted": NoteData;
  "call.created": CallData;
  "call.updated": CallData;
  "summary.created": SummaryCreatedData;
  "privacy_request.updated": PrivacyRequestUpdatedData;
}

export type EventType = keyof EventDataByType;

// An object rather than a list so the compiler refuses both a missing and an unknown type.
const EVENT_TYPE_SET = {
  "lead.created": true,
  "lead.updated": true,
  "lead.moved": true,
  "lead.deleted": true,
  "stage.created": true,
  "stage.updated": true,
  "stage.reordered": true,
  "stage.archived": true,
  "member.removed": true,
  "organization.deleted": true,
  "message.created": true,
  "message.updated": true,
  "note.created": true,
  "note.updated": true,
  "note.deleted": true,
  "call.created": true,
  "call.updated": true,
  "summary.created": true,
  "privacy_request.updated": true,
} as const satisfies Record<EventType, true>;

export const EVENT_TYPES = Object.keys(EVENT_TYPE_SET) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_TYPE_SET, type);
}

/** A change as its producer records it (`recordEvent(db, organizationId, event)`). */
export type RealtimeEvent = { [T in EventType]: { type: T; data: EventDataByType[T]; actor: EventActor | null } }[EventType];

/** The stored and transmitted data of an event: its own fields and who made the change. */
export type EventData<T extends EventType> = EventDataByType[T] & { actor: EventActor | null };

/** A committed event as a browser receives it: `id` increases per organization, `at` is the commit's ISO time. */
export type CommittedEvent = { [T in EventType]: { type: T; id: number; at: string; data: EventData<T> } }[EventType];

/** A committed event as it travels on the bus and is read back from `realtime_events`. */
export type RealtimeMessage = CommittedEvent & { organizationId: string };

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

/** Why a client must refetch: what it missed is no longer retained, its id is unknown, or a hole was found. */
export type ResyncReason = "expired" | "unknown" | "gap";

/** Everything an organization's stream delivers to a browser. */
export type StreamMessage =
  | CommittedEvent
  | { type: "presence"; id: null; at: string; data: PresenceSnapshot }
  | { type: "resync"; id: null; at: string; data: { reason: ResyncReason } };

export const STREAM_MESSAGE_TYPES: StreamMessage["type"][] = [...EVENT_TYPES, "presence", "resync"];

/**
 * One stream message from its SSE `event:` name and `data:` line, which
 * carries the message's data flat beside `id`, `type` and `at`. Only the type
 * is checked: the data comes from our own server, and the bundle carries no
 * schema library. Null for anything else (a comment, an unknown type from a
 * newer server, unreadable JSON).
 */
export function parseStreamMessage(type: string, json: string): StreamMessage | null {
  if (type !== "presence" && type !== "resync" && !isEventType(type)) return null;
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof body !== "object" || body === null) return null;
  const { id, type: _type, at, ...data } = body as Record<string, unknown>;
  const sequenced = isEventType(type);
  if (sequenced && typeof id !== "number") return null;
  return { type, id: sequenced ? id : null, at, data } as unknown as StreamMessage;
}
