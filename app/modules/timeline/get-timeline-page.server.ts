import { Lead } from "@db/entities/lead";
import { withOrganization } from "~/utils/db.server";
import { listTimeline } from "./list-timeline.server";
import type { TimelineCursor } from "./timeline-cursor.server";

/** An older page of a lead's timeline for the lead page's "load older"; null when the lead is not in the organization. */
export async function getTimelinePage(organizationId: string, leadId: string, before: TimelineCursor) {
  return withOrganization(organizationId, async (db) => {
    const lead = await db.findOne(Lead, { id: leadId }, { fields: ["id"] });
    if (!lead) return null;
    return listTimeline(db, organizationId, leadId, before);
  });
}
