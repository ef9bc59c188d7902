import type { Db } from "~/utils/db.server";
import { run, sql, type Fragment } from "~/utils/sql.server";

/**
 * The query behind `lockStageColumn`, for callers that fold the lock into a
 * statement reading something else (as a lateral subquery): columns `id`, `name`.
 */
export function lockedStageQuery(organizationId: string, stageId: string): Fragment {
  return sql`select id, name from pipeline_stages
             where organization_id = ${organizationId} and id = ${stageId} and is_active
             for no key update`;
}

/**
 * Locks an active stage's row until the transaction ends and returns it (null
 * when it is not an active stage of the organization). Every writer of ordering
 * keys into a column takes this lock first, so two writers never compute the
 * same key from the same neighbours; and a stage being archived (which updates
 * this row) cannot receive a card meanwhile. `for no key update` leaves the
 * foreign-key checks of other leads' inserts and updates unblocked.
 */
export async function lockStageColumn(db: Db, organizationId: string, stageId: string) {
  const [stage] = await run<{ id: string; name: string }>(db, lockedStageQuery(organizationId, stageId));
  return stage ?? null;
}
