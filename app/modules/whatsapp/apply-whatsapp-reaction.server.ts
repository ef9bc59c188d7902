import type { Db } from "~/utils/db.server";
import { recordEvent } from "~/modules/realtime/record-event.server";

/**
 * A lead's reaction lands on the message it reacts to (one reaction per
 * person: a new one replaces theirs, an empty one removes it). False when the
 * organization has no such message.
 */
export async function applyWhatsAppReaction(db: Db, organizationId: string, input: { leadId: string; targetMessageId: string; emoji: string }) {
  const [target] = await db.execute<{ id: string; lead_id: string; direction: "inbound" | "outbound"; status: string | null; metadata: Record<string, unknown> }[]>(
    `select id, lead_id, direction, status, metadata from communications
      where organization_id = ? and channel = 'whatsapp' and external_id = ? and lead_id = ? for update`,
    [organizationId, input.targetMessageId, input.leadId],
  );
  if (!target) return false;
  const previous = Array.isArray(target.metadata.reactions) ? (target.metadata.reactions as { emoji: string; direction: string }[]) : [];
  const reactions = [...previous.filter((reaction) => reaction.direction !== "inbound"), ...(input.emoji ? [{ emoji: input.emoji, direction: "inbound" }] : [])];
  await db.execute(`update communications set metadata = ?::jsonb, updated_at = now() where id = ?`, [
    JSON.stringify({ ...target.metadata, reactions }),
    target.id,
  ]);
  await recordEvent(db, organizationId, {
    type: "message.updated",
    data: { messageId: target.id, leadId: target.lead_id, channel: "whatsapp", direction: target.direction, status: target.status },
    actor: null,
  });
  return true;
}
