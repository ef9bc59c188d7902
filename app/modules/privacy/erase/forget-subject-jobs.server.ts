import { withOrganization } from "~/utils/db.server";
import { mentionsSubject } from "./mentions-subject";
import { subjectPatterns } from "./subject-patterns";
import type { SubjectTraces } from "./subject-traces";

/** A query on graphile-worker's tables, which only the owner role reaches (the worker's own connection). */
export type QueueQuery = <Row>(sql: string, values: unknown[]) => Promise<Row[]>;

/**
 * Deletes the queue's jobs about the person that are not running: waiting or
 * failed jobs for their leads or timeline entries (a message still to send or
 * a media still to fetch must not bring content back), and any job of the
 * organization whose last error names them. Payloads hold ids only; an error
 * can quote a provider's answer. The public `jobs` view hides payloads, so
 * they are read from the queue's own table; deleting goes through its API.
 * Returns how many went.
 */
export async function forgetSubjectJobs(query: QueueQuery, organizationId: string, leadIds: string[], traces: SubjectTraces) {
  const entryIds = await withOrganization(organizationId, async (db) =>
    leadIds.length
      ? (await db.execute<{ id: string }[]>(`select id from communications where organization_id = ? and lead_id = any(array[?]::uuid[])`, [organizationId, leadIds])).map((row) => row.id)
      : [],
  );
  const candidates = await query<{ id: string; lastError: string | null; about: boolean }>(
    `select id::text, last_error as "lastError",
            (payload->>'leadId' = any($2::text[]) or payload->>'communicationId' = any($3::text[]) or payload->>'callId' = any($3::text[])) as about
       from graphile_worker._private_jobs
      where payload->>'organizationId' = $1 and locked_at is null
        and (payload->>'leadId' = any($2::text[]) or payload->>'communicationId' = any($3::text[]) or payload->>'callId' = any($3::text[])
             or last_error ilike any($4::text[]))`,
    [organizationId, leadIds, entryIds, subjectPatterns(traces)],
  );
  const ids = candidates.filter((job) => job.about || (job.lastError !== null && mentionsSubject(job.lastError, traces))).map((job) => job.id);
  if (!ids.length) return 0;
  const deleted = await query<{ id: string }>(`select id::text from graphile_worker.complete_jobs($1::bigint[])`, [ids]);
  return deleted.length;
}
