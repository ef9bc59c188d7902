import { ROLES, can } from "~/lib/permissions";
import type { Db } from "~/utils/db.server";

/** Roles that work leads: round-robin never hands a lead to someone who could not edit it. */
const ASSIGNABLE_ROLES = ROLES.filter((role) => can(role, "lead:edit"));

/**
 * Who gets a new lead from an unknown sender on this connection: nobody when
 * its policy is `unassigned` (the board's "Novos" filter), else the next
 * member after the last one chosen, in order of joining, wrapping around. The
 * connection row is locked until the caller's transaction ends, so two
 * messages arriving at once get two different members. Call it inside the
 * organization's transaction that creates the lead.
 */
export async function pickNewLeadAssignee(db: Db, organizationId: string, connectionId: string): Promise<string | null> {
  const [connection] = await db.execute<{ new_lead_assignment: string; last_assigned_user_id: string | null }[]>(
    `select new_lead_assignment, last_assigned_user_id from whatsapp_connections where id = ? and organization_id = ? for update`,
    [connectionId, organizationId],
  );
  if (!connection || connection.new_lead_assignment !== "round_robin") return null;
  const members = await db.execute<{ user_id: string }[]>(
    `select user_id from organization_members where organization_id = ? and role = any(string_to_array(?, ',')) order by joined_at, id`,
    [organizationId, ASSIGNABLE_ROLES.join(",")],
  );
  if (!members.length) return null;
  const last = members.findIndex((m) => m.user_id === connection.last_assigned_user_id);
  const next = members[(last + 1) % members.length].user_id;
  await db.execute(`update whatsapp_connections set last_assigned_user_id = ? where id = ?`, [next, connectionId]);
  return next;
}
