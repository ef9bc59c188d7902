import type { Db } from "~/utils/db.server";

/**
 * Serialises pipeline changes within one organization until the transaction
 * ends, so checks that read all active stages (unique names, at least one
 * stage left, positions) cannot race another admin's change.
 */
export async function lockPipeline(db: Db, organizationId: string) {
  await db.execute("select pg_advisory_xact_lock(hashtextextended('pipeline:' || ?::text, 0))", [organizationId]);
}
