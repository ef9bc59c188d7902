import { executeWithoutTenant } from "~/utils/db.server";

/**
 * Which of these sessions may still stream: not deleted (logout, removal),
 * not expired, and whose user is still active. One statement for every open
 * stream of a web process, so the check costs the same for 1 or 1,000 streams.
 */
export async function liveSessionIds(sessionIds: string[]): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  const rows = await executeWithoutTenant<{ id: string }>(
    `select s.id from user_sessions s join users u on u.id = s.user_id and u.is_active
      where s.id = any(?::uuid[]) and s.expires_at > now()`,
    // A Postgres array literal: session ids are uuids this process read from the database.
    [`{${sessionIds.join(",")}}`],
  );
  return new Set(rows.map((row) => row.id));
}
