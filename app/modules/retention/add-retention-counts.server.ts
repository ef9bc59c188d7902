import type { Db } from "~/utils/db.server";

/** Adds a batch's count to its run, in the batch's own transaction: the count exists iff the work committed. */
export async function addRetentionCounts(db: Db, organizationId: string, runId: string, counter: string, count: number) {
  if (!count) return;
  await db.execute(
    `update retention_runs set counts = counts || jsonb_build_object(?::text, coalesce((counts ->> ?)::int, 0) + ?)
      where organization_id = ? and id = ?`,
    [counter, counter, count, organizationId, runId],
  );
}
