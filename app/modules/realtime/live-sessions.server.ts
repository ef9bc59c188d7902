import { executeWithoutTenant } from "~/utils/db.server";

/**
 * Which of these sessions may still stream: not deleted (logout, removal),
 * not expired, and whose user is still active. One statement for every open
 * stream of a web process, so the check costs the same for 1 or 1,000 streams.
 */
export async function liveSessionIds(sessionIds: string[]): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  // Every user's sessions at once, which the app role cannot read: the definer function answers for these ids only.
  const rows = await executeWithoutTenant<{ id: string }>(
    `select id from live_session_ids(?::uuid[]) as id`,
    // A Postgres array literal: session ids are uuids this process read from the database.
    [`{${sessionIds.join(",")}}`],
  );
  return new Set(rows.map((row) => row.id));
}
