/**
 * The lead timeline as the browser reads it (shared by the lead page's
 * loader, the older-pages route and the components). Browser-safe.
 */
import type { TimelineCall } from "./calls";
import type { ContactChannel } from "./lead-enums";

/** How long a note's author may still change or delete it. */
export const NOTE_EDIT_WINDOW_MS = 15 * 60 * 1000;
export const NOTE_MAX_LENGTH = 5000;
/** Entries per page, newest first. */
export const TIMELINE_PAGE_SIZE = 50;
/** WhatsApp's customer service window: free text only this long after the lead's last message. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;
export const WHATSAPP_TEXT_MAX_LENGTH = 4096;

/** What a timeline entry shows: a note, or one kind of WhatsApp message (a template is what we sent outside the window). */
export const ENTRY_KINDS = [
  "note",
  "text",
  "template",
  "image",
  "audio",
  "video",
  "document",
  "sticker",
  "location",
  "contacts",
  "interactive",
  "button",
  "unsupported",
  "call",
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** Delivery of an outbound message, in the only order it may advance; `failed` ends it from any step. */
export const OUTBOUND_STATUSES = ["queued", "sent", "delivered", "read"] as const;
export type MessageStatus = (typeof OUTBOUND_STATUSES)[number] | "failed" | "received";

export interface TimelineMedia {
  kind: "image" | "audio" | "video" | "document" | "sticker";
  /** Null until the worker has stored it (`state` says whether it is still coming, gave up, or was removed by retention or a deletion). */
  fileId: string | null;
  state: "pending" | "stored" | "failed" | "removed";
  mimeType: string | null;
  filename: string | null;
  voice: boolean;
}

export interface TimelineEntry {
  id: string;
  channel: ContactChannel;
  direction: "inbound" | "outbound" | "internal";
  kind: EntryKind;
  /** The text, the caption, or a description (a template's name) — never HTML. */
  content: string;
  status: MessageStatus | null;
  error: { code: number | null; title: string } | null;
  authorId: string | null;
  authorName: string | null;
  at: string;
  editedAt: string | null;
  /** When retention or a data subject's deletion emptied the entry; its text and details are gone. */
  redactedAt: string | null;
  media: TimelineMedia | null;
  location: { latitude: number; longitude: number; name: string | null; address: string | null } | null;
  contacts: { name: string; phones: string[] }[];
  /** Reactions to this message: the lead's and ours, newest last. */
  reactions: { emoji: string; direction: "inbound" | "outbound" }[];
  /** A phone call's progress, outcome and recording (kind "call"); its status is here, not in `status`. */
  call: TimelineCall | null;
}

export interface TimelinePage {
  entries: TimelineEntry[];
  /** Where the next older page starts; null at the first entry. */
  nextCursor: string | null;
}

/** Whether `authorId` may still change this note at `now`. */
export function canChangeNote(entry: Pick<TimelineEntry, "kind" | "authorId" | "at" | "redactedAt">, userId: string, now: number) {
  return entry.kind === "note" && !entry.redactedAt && entry.authorId === userId && now - Date.parse(entry.at) < NOTE_EDIT_WINDOW_MS;
}

/** Milliseconds the WhatsApp window stays open at `now` (0: closed, or the lead never wrote). */
export function whatsappWindowLeft(lastInboundAt: string | null, now: number) {
  if (!lastInboundAt) return 0;
  return Math.max(0, Date.parse(lastInboundAt) + WHATSAPP_WINDOW_MS - now);
}
