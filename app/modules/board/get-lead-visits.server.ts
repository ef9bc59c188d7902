import { withOrganization } from "~/utils/db.server";
import { run, sql } from "~/utils/sql.server";
import type { BoardViewer } from "./board-sql.server";

/** A board of thousands of summarized leads stays one small answer; a lead past it only shows as new once too many. */
const VISITS_KEPT = 2_000;

/**
 * When the viewer last opened each lead whose newest summary they have seen
 * since (lead id → ISO time), for the cards' "new summary" marker. Only
 * those visits matter: an older visit or none marks the summary new either
 * way, and a summary arriving later is newer than any of these. Personal,
 * so it is the board page's own answer and never part of a card.
 */
export async function getLeadVisits(viewer: BoardViewer): Promise<Record<string, string>> {
  const { organizationId, userId } = viewer;
  const rows = await withOrganization(organizationId, (db) =>
    run<{ leadId: string; visitedAt: string }>(
      db,
      sql`
      select v.lead_id as "leadId", to_char(v.visited_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "visitedAt"
      from lead_visits v join leads l on l.id = v.lead_id
      where v.organization_id = ${organizationId} and v.user_id = ${userId}
        and l.organization_id = ${organizationId} and l.status <> 'archived' and v.visited_at >= l.ai_summary_at
      order by v.visited_at desc
      limit ${VISITS_KEPT}`,
    ),
  );
  return Object.fromEntries(rows.map((row) => [row.leadId, row.visitedAt]));
}
