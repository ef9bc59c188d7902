import type { Db } from "~/utils/db.server";
import type { Role } from "~/lib/permissions";

/**
 * Serializes the membership changes that could leave an organization without
 * an owner. Locks the owner rows (in id order, so two changes queue instead of
 * deadlocking), then reads, as of the lock, how many owners there are and the
 * actor's own role. Without it two owners demoting or removing each other at
 * once would each count two owners and both succeed.
 */
export async function lockOwners(db: Db, actorUserId: string): Promise<{ owners: number; actorRole: Role | null }> {
  const owners = await db.execute<{ id: string }[]>(`select id from organization_members where role = 'owner' order by id for update`);
  const [actor] = await db.execute<{ role: Role }[]>(`select role from organization_members where user_id = ?`, [actorUserId]);
  return { owners: owners.length, actorRole: actor?.role ?? null };
}
