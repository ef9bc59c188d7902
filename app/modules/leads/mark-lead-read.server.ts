import { withOrganization } from "~/utils/db.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import type { TimelineActor } from "~/modules/timeline/timeline-actor";

/**
 * The lead's unread messages are read: its assignee opened it (or anyone did,
 * while nobody is assigned). A conversation's trace, so the version stays and
 * `lead.updated` names only `unreadCount` (the boards refresh the card). Null
 * when the lead is not in the organization; `changed` false when there was
 * nothing to reset or the lead is someone else's.
 */
export async function markLeadRead(actor: TimelineActor, input: { leadId: string }) {
  return withOrganization(actor.organizationId, async (db) => {
    const [lead] = await db.execute<{ stage_id: string; version: number; assignee_id: string | null; unread_count: number }[]>(
      "select stage_id, version, assignee_id, unread_count from leads where organization_id = ? and id = ? for update",
      [actor.organizationId, input.leadId],
    );
    if (!lead) return null;
    if (lead.unread_count === 0 || (lead.assignee_id !== null && lead.assignee_id !== actor.userId)) return { changed: false };
    await db.execute("update leads set unread_count = 0 where organization_id = ? and id = ?", [actor.organizationId, input.leadId]);
    await recordEvent(db, actor.organizationId, {
      type: "lead.updated",
      data: { leadId: input.leadId, stageId: lead.stage_id, version: lead.version, fields: ["unreadCount"] },
      actor: { id: actor.userId, name: actor.userName },
    });
    return { changed: true };
  });
}
