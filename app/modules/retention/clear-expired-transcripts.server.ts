import type { Db } from "~/utils/db.server";

export interface TranscriptCursor {
  /** A timestamp, or "-infinity" before the first batch. */
  sentAt: Date | string;
  id: string;
}

export const FIRST_TRANSCRIPT = { sentAt: "-infinity", id: "00000000-0000-0000-0000-000000000000" } satisfies TranscriptCursor;

/** What a call shows once retention took its transcript (the shape the timeline already reads). */
const REMOVED_TRANSCRIPT = JSON.stringify({ state: "unavailable", text: null, model: null, reason: "retention" });

/**
 * One batch of call transcripts past the AI period replaced by "unavailable"
 * (the call itself stays until the communications period). Walks forward
 * from `after`, since entries older than the AI period but without a
 * transcript would otherwise be read again by every batch. Entries already
 * redacted have no transcript left. Returns the batch's count and where the
 * next one starts (null when this was the last).
 */
export async function clearExpiredTranscripts(db: Db, organizationId: string, cutoff: Date, limit: number, after: TranscriptCursor, at: Date) {
  const rows = await db.execute<{ id: string; sent_at: Date }[]>(
    `select id, sent_at from communications
      where organization_id = ? and redacted_at is null and sent_at < ? and (sent_at, id) > (?::timestamptz, ?::uuid)
        and metadata #>> '{call,transcript,text}' is not null
      order by sent_at, id limit ? for update skip locked`,
    [organizationId, cutoff, after.sentAt, after.id, limit],
  );
  if (rows.length)
    await db.execute(
      `update communications set metadata = jsonb_set(metadata, '{call,transcript}', ?::jsonb), updated_at = ?
        where organization_id = ? and id = any(array[?]::uuid[])`,
      [REMOVED_TRANSCRIPT, at, organizationId, rows.map((row) => row.id)],
    );
  const last = rows.at(-1);
  return { count: rows.length, next: rows.length < limit || !last ? null : { sentAt: last.sent_at, id: last.id } };
}
