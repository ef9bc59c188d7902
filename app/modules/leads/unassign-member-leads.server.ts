import { randomUUID } from "node:crypto";
import { LeadActivity } from "@db/entities/lead-activity";
import type { Db } from "~/utils/db.server";
import type { EventActor } from "~/modules/realtime/events";
import { recordEvent } from "~/modules/realtime/record-event.server";

/**
 * Leaves the leads assigned to someone who is leaving the organization
 * without an assignee, as an edit of each: the version moves (a form open on
 * the old one becomes stale), an "assigned" entry is written, and
 * `lead.updated` lets open boards drop the person from the card.
 */
export async function unassignMemberLeads(db: Db, organizationId: string, userId: string, actor: EventActor | null) {
  const now = new Date();
  const leads = await db.execute<Array<{ id: string; stage_id: string; version: number }>>(
    `update leads set assignee_id = null, version = version + 1, updated_at = ?
      where organization_id = ? and assignee_id = ? returning id, stage_id, version`,
    [now, organizationId, userId],
  );
  for (const lead of leads) {
    db.create(LeadActivity, {
      id: randomUUID(),
      organization: organizationId,
      lead: lead.id,
      actor: actor?.id ?? null,
      activityType: "assigned",
      title: "Removeu o responsável",
      metadata: { changes: { assignee: { from: userId, to: null } } },
      createdAt: now,
    });
    await recordEvent(db, organizationId, {
      type: "lead.updated",
      data: { leadId: lead.id, stageId: lead.stage_id, version: lead.version, fields: ["assignee"] },
      actor,
    });
  }
}
