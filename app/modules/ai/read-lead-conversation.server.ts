import type { Db } from "~/utils/db.server";
import { readEntryMetadata } from "~/modules/timeline/entry-metadata.server";

/** One entry of a lead's conversation as an analysis reads it: plain text, who spoke, when. */
export type ConversationEntry = {
  id: string;
  kind: "message" | "note" | "call";
  direction: "inbound" | "outbound" | "internal";
  text: string;
  at: Date;
};

type Language = "pt-BR" | "en";

/**
 * What counts as the conversation: notes, messages, and calls that have
 * ended (a ringing call is not yet something to summarize, and its status
 * changes would otherwise look like new conversation).
 */
const CONVERSATION_ROWS = `c.organization_id = ? and c.lead_id = ?
  and c.channel in ('note', 'whatsapp', 'phone', 'email', 'sms', 'meeting')
  and (c.channel <> 'phone' or c.status in ('completed', 'busy', 'no-answer', 'failed', 'canceled'))`;

/**
 * A fingerprint of the whole conversation as it stands (every entry's id,
 * text, call outcome and transcript): equal fingerprints mean nothing a
 * summary reads has changed, so no second summary is made for it.
 */
export async function fingerprintLeadConversation(db: Db, organizationId: string, leadId: string) {
  const [row] = await db.execute<{ fingerprint: string; entries: number; newest: Date | null }[]>(
    `select encode(sha256(convert_to(coalesce(string_agg(
              c.id::text || ':' || md5(c.content) || ':' || coalesce(c.metadata->'call'->>'outcome', '') || ':'
              || md5(coalesce(c.metadata->'call'->>'outcomeNote', '') || coalesce(c.metadata->'call'->'transcript'->>'text', '')),
              ',' order by c.sent_at, c.id), ''), 'UTF8')), 'hex') as fingerprint,
            count(*)::int as entries, max(c.sent_at) as newest
       from communications c
      where ${CONVERSATION_ROWS}`,
    [organizationId, leadId],
  );
  return { fingerprint: row.fingerprint, entries: row.entries, newest: row.newest ? new Date(row.newest) : null };
}

/** The newest entries first, at most `limit` of them (the caller trims to its token budget). */
export async function readLeadConversation(db: Db, organizationId: string, leadId: string, options: { limit: number; language: Language }) {
  const rows = await db.execute<
    { id: string; channel: string; direction: "inbound" | "outbound" | "internal"; content: string; metadata: unknown; status: string | null; sent_at: Date }[]
  >(
    `select c.id, c.channel, c.direction, c.content, c.metadata, c.status, c.sent_at
       from communications c
      where ${CONVERSATION_ROWS}
      order by c.sent_at desc, c.id desc
      limit ?`,
    [organizationId, leadId, options.limit],
  );
  return rows.map((row): ConversationEntry => {
    const at = new Date(row.sent_at);
    if (row.channel === "note") return { id: row.id, kind: "note", direction: "internal", text: row.content, at };
    if (row.channel === "phone") return { id: row.id, kind: "call", direction: row.direction, text: describeCall(row, options.language), at };
    const metadata = readEntryMetadata(row.metadata, "text");
    const text = row.content.trim() || `[${metadata.kind}]`;
    return { id: row.id, kind: "message", direction: row.direction, text, at };
  });
}

const CALL_WORDS = {
  "pt-BR": { inbound: "Ligação recebida", outbound: "Ligação feita", seconds: "s", note: "Nota", transcript: "Transcrição" },
  en: { inbound: "Incoming call", outbound: "Outgoing call", seconds: "s", note: "Note", transcript: "Transcript" },
} as const;

/** A call as a line of conversation: how it went, the rep's note and what was said, when transcribed. */
function describeCall(row: { direction: string; status: string | null; metadata: unknown }, language: Language) {
  const words = CALL_WORDS[language];
  const call = readEntryMetadata(row.metadata, "call").call;
  const parts = [`${row.direction === "inbound" ? words.inbound : words.outbound} (${row.status ?? "?"}${call?.durationSeconds ? `, ${call.durationSeconds}${words.seconds}` : ""}${call?.outcome ? `, ${call.outcome}` : ""})`];
  if (call?.outcomeNote) parts.push(`${words.note}: ${call.outcomeNote}`);
  if (call?.transcript?.state === "done" && call.transcript.text) parts.push(`${words.transcript}: ${call.transcript.text}`);
  return parts.join(". ");
}
