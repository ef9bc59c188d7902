import { randomUUID } from "node:crypto";
import { withOrganization } from "~/utils/db.server";

/** The person opened the lead: its card stops marking summaries older than now as new to them. */
export async function markLeadVisited(organizationId: string, leadId: string, userId: string) {
  await withOrganization(organizationId, (db) =>
    db.execute(
      `insert into lead_visits (id, organization_id, lead_id, user_id, visited_at)
       select ?, ?, l.id, ?, now() from leads l where l.organization_id = ? and l.id = ?
       on conflict (lead_id, user_id) do update set visited_at = excluded.visited_at`,
      [randomUUID(), organizationId, userId, organizationId, leadId],
    ),
  );
}
