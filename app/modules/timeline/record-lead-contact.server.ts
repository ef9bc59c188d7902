import type { ContactChannel } from "~/lib/lead-enums";
import type { Db } from "~/utils/db.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import type { ConversationField, EventActor } from "~/modules/realtime/events";

/**
 * A conversation touched the lead (a message in or out, a call): its last
 * contact, and for an inbound message (or a missed call) the assignee's unread
 * count; only a WhatsApp message from the lead opens its WhatsApp window. The version stays: these writes never make a
 * teammate's move or edit stale. One `lead.updated` naming the fields tells
 * the boards. Times only move forward (a late, older message changes nothing
 * but the count). Null when the lead is gone.
 */
export async function recordLeadContact(
  db: Db,
  organizationId: string,
  input: { leadId: string; at: Date; channel: ContactChannel; inbound: boolean; actor: EventActor | null },
) {
  const opensWindow = input.inbound && input.channel === "whatsapp";
  const [lead] = await db.execute<{ stage_id: string; version: number; assignee_id: string | null }[]>(
    `update leads set
        last_contact_channel = case when last_contact_at is null or last_contact_at <= ? then ? else last_contact_channel end,
        last_contact_at = greatest(last_contact_at, ?),
        last_inbound_at = case when ? then greatest(last_inbound_at, ?) else last_inbound_at end,
        unread_count = unread_count + case when ? then 1 else 0 end
      where organization_id = ? and id = ?
      returning stage_id, version, assignee_id`,
    [input.at, input.channel, input.at, opensWindow, input.at, input.inbound, organizationId, input.leadId],
  );
  if (!lead) return null;
  const fields: ConversationField[] = ["lastContactAt", "lastContactChannel"];
  if (opensWindow) fields.push("lastInboundAt");
  if (input.inbound) fields.push("unreadCount");
  await recordEvent(db, organizationId, {
    type: "lead.updated",
    data: { leadId: input.leadId, stageId: lead.stage_id, version: lead.version, fields },
    actor: input.actor,
  });
  return { assigneeId: lead.assignee_id, stageId: lead.stage_id };
}
