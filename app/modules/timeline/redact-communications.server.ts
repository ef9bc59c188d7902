import type { Db } from "~/utils/db.server";

/**
 * Empties timeline entries for good (retention, a data subject's deletion):
 * the text, subject and every personal detail in the metadata go; who, when,
 * channel, direction, delivery status, a call's duration and outcome, and the
 * pointer to a file (removed separately, by its own period) stay, so reports
 * still add up and the timeline shows that something was there. Entries
 * already redacted are left alone. Returns the ids redacted now.
 */
export async function redactCommunications(db: Db, organizationId: string, ids: readonly string[], at: Date) {
  if (!ids.length) return [];
  const rows = await db.execute<{ id: string }[]>(
    `update communications c
        set content = '', subject = null, redacted_at = ?, updated_at = ?,
            metadata = jsonb_strip_nulls(jsonb_build_object(
              'kind', c.metadata -> 'kind',
              'media', case when c.metadata -> 'media' is not null then jsonb_build_object(
                'kind', c.metadata #> '{media,kind}', 'fileId', c.metadata #> '{media,fileId}', 'state', c.metadata #> '{media,state}',
                'mimeType', c.metadata #> '{media,mimeType}', 'voice', c.metadata #> '{media,voice}') end,
              'call', case when c.metadata -> 'call' is not null then jsonb_build_object(
                'connectionId', c.metadata #> '{call,connectionId}', 'orgNumber', c.metadata #> '{call,orgNumber}', 'leadPhone', '',
                'durationSeconds', c.metadata #> '{call,durationSeconds}', 'missedBy', c.metadata #> '{call,missedBy}',
                'voicemail', c.metadata #> '{call,voicemail}', 'outcome', c.metadata #> '{call,outcome}',
                'answeredById', c.metadata #> '{call,answeredById}',
                'recording', case when c.metadata #> '{call,recording}' is not null and jsonb_typeof(c.metadata #> '{call,recording}') = 'object'
                  then jsonb_build_object('state', c.metadata #> '{call,recording,state}', 'fileId', c.metadata #> '{call,recording,fileId}',
                    'durationSeconds', c.metadata #> '{call,recording,durationSeconds}') end) end))
      where c.organization_id = ? and c.id = any(array[?]::uuid[]) and c.redacted_at is null
      returning c.id`,
    [at, at, organizationId, ids],
  );
  return rows.map((row) => row.id);
}
