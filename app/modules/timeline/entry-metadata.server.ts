import { z } from "zod";
import { TRANSCRIPT_STATES } from "~/lib/ai";
import { CALL_OUTCOMES, CALL_STATUSES, type TimelineCall } from "~/lib/calls";
import { ENTRY_KINDS, type EntryKind, type TimelineEntry } from "~/lib/timeline";

/**
 * What a timeline row keeps in `communications.metadata` besides its columns.
 * Written by the timeline's producers (notes, WhatsApp, later calls); read
 * back through this schema, so a malformed or older row shows what it can
 * rather than failing the whole page.
 */
const mediaSchema = z.object({
  kind: z.enum(["image", "audio", "video", "document", "sticker"]),
  /** The provider's media id, fetched by the worker. */
  mediaId: z.string().nullable().default(null),
  fileId: z.uuid().nullable().default(null),
  state: z.enum(["pending", "stored", "failed", "removed"]).default("pending"),
  mimeType: z.string().nullable().default(null),
  filename: z.string().nullable().default(null),
  voice: z.boolean().default(false),
});

/** A call's legs and what became of it (status and duration of the lead's leg live in the row's columns and here). */
const callSchema = z.object({
  connectionId: z.uuid(),
  /** The organization's number the call went out from or came in on (E.164). */
  orgNumber: z.string(),
  /** The lead's number as dialled or as it called (E.164). */
  leadPhone: z.string(),
  /** Click-to-call: the rep's phone, rung first. */
  agentPhone: z.string().nullable().default(null),
  agentCallSid: z.string().nullable().default(null),
  leadCallSid: z.string().nullable().default(null),
  durationSeconds: z.number().int().nonnegative().nullable().default(null),
  missedBy: z.enum(["agent"]).nullable().default(null),
  voicemail: z.boolean().default(false),
  recording: z
    .object({
      state: z.enum(["pending", "stored", "absent", "failed", "removed"]),
      recordingSid: z.string().nullable().default(null),
      fileId: z.uuid().nullable().default(null),
      durationSeconds: z.number().int().nonnegative().nullable().default(null),
    })
    .nullable()
    .default(null),
  outcome: z.enum(CALL_OUTCOMES).nullable().default(null),
  outcomeNote: z.string().nullable().default(null),
  answeredById: z.uuid().nullable().default(null),
  /** Set while the job asks Twilio to place the call: a retry after a crash there must not ring the rep twice. */
  placingSince: z.string().nullable().default(null),
  /** Inbound: the members to ring, in order (the assignee first), each while the caller waits. */
  ringOrder: z.array(z.uuid()).default([]),
  /** What was said, once the recording is transcribed (AI on and a provider key); unavailable otherwise. */
  transcript: z
    .object({
      state: z.enum(TRANSCRIPT_STATES),
      text: z.string().nullable().default(null),
      model: z.string().nullable().default(null),
      /** Why it failed or is unavailable, in a few words (never a stack trace). */
      reason: z.string().nullable().default(null),
    })
    .nullable()
    .default(null),
});
export type CallMetadata = z.output<typeof callSchema>;

/** A new call's metadata: what is known when it starts, everything else at its default. */
export function newCallMetadata(known: Pick<CallMetadata, "connectionId" | "orgNumber" | "leadPhone"> & Partial<CallMetadata>): CallMetadata {
  return callSchema.parse(known);
}

export const entryMetadataSchema = z.object({
  kind: z.enum(ENTRY_KINDS).catch("unsupported"),
  /** The organization's WhatsApp number the message came in on or went out from. */
  phoneNumberId: z.string().optional().catch(undefined),
  media: mediaSchema.optional().catch(undefined),
  location: z
    .object({ latitude: z.number(), longitude: z.number(), name: z.string().nullable().default(null), address: z.string().nullable().default(null) })
    .optional()
    .catch(undefined),
  contacts: z.array(z.object({ name: z.string(), phones: z.array(z.string()) })).optional().catch(undefined),
  reactions: z.array(z.object({ emoji: z.string(), direction: z.enum(["inbound", "outbound"]) })).optional().catch(undefined),
  error: z.object({ code: z.number().nullable(), title: z.string() }).optional().catch(undefined),
  template: z.object({ name: z.string(), language: z.string(), variables: z.array(z.string()) }).optional().catch(undefined),
  /** The provider's id of the message this one answers. */
  replyTo: z.string().optional().catch(undefined),
  call: callSchema.optional().catch(undefined),
});
export type EntryMetadata = z.input<typeof entryMetadataSchema>;

export function readEntryMetadata(metadata: unknown, fallbackKind: EntryKind) {
  const parsed = entryMetadataSchema.safeParse({ kind: fallbackKind, ...(metadata && typeof metadata === "object" ? metadata : {}) });
  return parsed.success ? parsed.data : entryMetadataSchema.parse({ kind: fallbackKind });
}

export interface TimelineRow {
  id: string;
  channel: TimelineEntry["channel"];
  direction: TimelineEntry["direction"];
  content: string;
  status: string | null;
  metadata: unknown;
  author_id: string | null;
  sent_at: Date;
  edited_at: Date | null;
  redacted_at: Date | null;
}

const STATUSES = new Set(["queued", "sent", "delivered", "read", "failed", "received"]);

/** One row as the timeline shows it; `nameOf` names authors (people who left still name their entries). */
export function toTimelineEntry(row: TimelineRow, nameOf: (id: string | null) => string | null): TimelineEntry {
  const meta = readEntryMetadata(row.metadata, row.channel === "note" ? "note" : row.channel === "phone" ? "call" : "text");
  const media = meta.media
    ? { kind: meta.media.kind, fileId: meta.media.fileId, state: meta.media.state, mimeType: meta.media.mimeType, filename: meta.media.filename, voice: meta.media.voice }
    : null;
  return {
    id: row.id,
    channel: row.channel,
    direction: row.direction,
    kind: meta.kind,
    content: row.content,
    status: row.status && STATUSES.has(row.status) ? (row.status as TimelineEntry["status"]) : null,
    error: meta.error ?? null,
    authorId: row.author_id,
    authorName: nameOf(row.author_id),
    at: new Date(row.sent_at).toISOString(),
    editedAt: row.edited_at ? new Date(row.edited_at).toISOString() : null,
    redactedAt: row.redacted_at ? new Date(row.redacted_at).toISOString() : null,
    media,
    location: meta.location ?? null,
    contacts: meta.contacts ?? [],
    reactions: meta.reactions ?? [],
    call: meta.call ? timelineCallOf(meta.call, row.status, nameOf) : null,
  };
}

function timelineCallOf(call: CallMetadata, status: string | null, nameOf: (id: string | null) => string | null): TimelineCall {
  return {
    status: (CALL_STATUSES as readonly (string | null)[]).includes(status) ? (status as TimelineCall["status"]) : "queued",
    durationSeconds: call.durationSeconds,
    missedBy: call.missedBy,
    voicemail: call.voicemail,
    recording: call.recording && { state: call.recording.state, fileId: call.recording.fileId, durationSeconds: call.recording.durationSeconds },
    outcome: call.outcome,
    outcomeNote: call.outcomeNote,
    answeredById: call.answeredById,
    answeredByName: nameOf(call.answeredById),
    transcript: call.transcript && { state: call.transcript.state, text: call.transcript.text },
  };
}
