import type { Db } from "~/utils/db.server";

/**
 * Adds a graphile-worker job inside the caller's transaction: it commits or
 * rolls back with the write that caused it. `jobKey` replaces a pending job
 * with the same key (debounce / deduplicate).
 */
export async function enqueueJob(
  db: Db,
  task: string,
  payload: Record<string, unknown>,
  options: { jobKey?: string; runAt?: Date; maxAttempts?: number } = {},
) {
  await db.execute("select enqueue_job(?, ?::json, ?, ?, ?)", [
    task,
    JSON.stringify(payload),
    options.jobKey ?? null,
    options.runAt ?? null,
    options.maxAttempts ?? null,
  ]);
}
