import { readEntryMetadata, toTimelineEntry, type TimelineRow } from "~/modules/timeline/entry-metadata.server";

/** The members a row names by id (its author, a call's answerer): the export names them instead. */
export function memberIdsOf(row: TimelineRow) {
  return [row.author_id, readEntryMetadata(row.metadata, "call").call?.answeredById ?? null];
}

/**
 * One timeline entry as the data subject receives it: the timeline's own
 * allow-list (`toTimelineEntry`) minus every internal id, so no teammate's
 * phone, member id, provider SID or media id leaves in the archive; people are
 * named instead. The communication's id stays out too: `arquivos` links files.
 */
export function exportEntryOf(row: TimelineRow & { subject: string | null }, nameOf: (id: string | null) => string | null) {
  const { id: _id, authorId: _authorId, authorName, media, call, ...entry } = toTimelineEntry(row, nameOf);
  return {
    ...entry,
    subject: row.subject,
    author: authorName,
    media: media && { kind: media.kind, state: media.state, mimeType: media.mimeType, filename: media.filename, voice: media.voice },
    call: call && {
      status: call.status,
      durationSeconds: call.durationSeconds,
      missedBy: call.missedBy,
      voicemail: call.voicemail,
      recording: call.recording && { state: call.recording.state, durationSeconds: call.recording.durationSeconds },
      outcome: call.outcome,
      outcomeNote: call.outcomeNote,
      answeredBy: call.answeredByName,
      transcript: call.transcript,
    },
  };
}
