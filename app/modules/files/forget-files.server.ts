import type { Db } from "~/utils/db.server";

/**
 * Removes the rows of files whose objects are already deleted, and marks the
 * timeline entries that showed them: their media or recording reads
 * "removed" from then on instead of pointing at a file that is gone. Run in
 * the caller's transaction after `deleteObjects`, so a crash in between
 * leaves rows to delete again, never objects nobody can find. Returns how
 * many rows went.
 */
export async function forgetFiles(db: Db, organizationId: string, fileIds: readonly string[]) {
  if (!fileIds.length) return 0;
  const [{ count }] = await db.execute<{ count: number }[]>(
    `with gone as (
       delete from stored_files where organization_id = ? and id = any(array[?]::uuid[]) returning id, communication_id
     ), touched as (
       update communications c
          set metadata = case
                when gone.id::text = c.metadata #>> '{media,fileId}'
                  then jsonb_set(jsonb_set(c.metadata, '{media,fileId}', 'null'), '{media,state}', '"removed"')
                when gone.id::text = c.metadata #>> '{call,recording,fileId}'
                  then jsonb_set(jsonb_set(c.metadata, '{call,recording,fileId}', 'null'), '{call,recording,state}', '"removed"')
                else c.metadata end
         from gone
        where c.organization_id = ? and c.id = gone.communication_id
     )
     select count(*)::int as count from gone`,
    [organizationId, fileIds, organizationId],
  );
  return count;
}
