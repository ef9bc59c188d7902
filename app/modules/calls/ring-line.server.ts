import { ROLES, can } from "~/lib/permissions";
import type { Db } from "~/utils/db.server";

/** Roles that work leads: only they are rung for a lead's call. */
const ANSWERING_ROLES = ROLES.filter((role) => can(role, "call:place"));
/** Past this many people the caller has waited long enough: voicemail. */
const MAX_RUNG = 4;

/**
 * Who an inbound call rings, in order: the lead's assignee, then the other
 * members who take calls (a saved phone), in order of joining.
 */
export async function planRingOrder(db: Db, organizationId: string, assigneeId: string | null): Promise<string[]> {
  const members = await db.execute<{ user_id: string }[]>(
    `select m.user_id from organization_members m join users u on u.id = m.user_id
      where m.organization_id = ? and m.role = any(string_to_array(?, ',')) and u.is_active and u.phone is not null
      order by m.user_id = ? desc, m.joined_at, m.id`,
    [organizationId, ANSWERING_ROLES.join(","), assigneeId],
  );
  return members.slice(0, MAX_RUNG).map((m) => m.user_id);
}

/**
 * The next person in the line from `attempt` on, with the phone they have
 * now (someone who cleared theirs or left the organization meanwhile is
 * skipped); null when the line is done.
 */
export async function nextInLine(db: Db, organizationId: string, ringOrder: string[], attempt: number) {
  const rest = ringOrder.slice(attempt);
  if (!rest.length) return null;
  const rows = await db.execute<{ user_id: string; phone: string }[]>(
    `select m.user_id, u.phone from organization_members m join users u on u.id = m.user_id
      where m.organization_id = ? and m.user_id = any(string_to_array(?, ',')::uuid[]) and u.is_active and u.phone is not null`,
    [organizationId, rest.join(",")],
  );
  const phones = new Map(rows.map((row) => [row.user_id, row.phone]));
  for (let index = attempt; index < ringOrder.length; index++) {
    const phone = phones.get(ringOrder[index]);
    if (phone) return { index, userId: ringOrder[index], phone };
  }
  return null;
}
