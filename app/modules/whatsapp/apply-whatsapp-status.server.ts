import type { Db } from "~/utils/db.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import type { WhatsAppStatus } from "./webhook-payload.server";

// Delivery only moves forward; `failed` ends it from any step before `read`.
const RANK: Record<string, number> = { queued: 0, sent: 1, delivered: 2, read: 3 };

/**
 * Meta's delivery status for a message we sent. Statuses arrive in any order
 * and some never arrive (`delivered` may be skipped): a late one never moves
 * the message backwards. "unknown" when no outbound message of the
 * organization has that id (yet: its send may not have stored it).
 */
export async function applyWhatsAppStatus(db: Db, organizationId: string, status: WhatsAppStatus): Promise<"applied" | "stale" | "unknown"> {
  const [message] = await db.execute<{ id: string; lead_id: string; status: string | null; metadata: Record<string, unknown> }[]>(
    `select id, lead_id, status, metadata from communications
      where organization_id = ? and channel = 'whatsapp' and direction = 'outbound' and external_id = ? for update`,
    [organizationId, status.id],
  );
  if (!message) return "unknown";
  const current = message.status ?? "queued";
  if (current === "failed" || current === "read") return "stale";
  if (status.status !== "failed" && RANK[status.status] <= (RANK[current] ?? 0)) return "stale";
  const error = status.status === "failed" ? (status.errors?.[0] ?? { code: null, title: "falha na entrega" }) : null;
  const metadata = error ? { ...message.metadata, error: { code: error.code, title: error.title } } : message.metadata;
  await db.execute(`update communications set status = ?, metadata = ?::jsonb, updated_at = now() where id = ?`, [
    status.status,
    JSON.stringify(metadata),
    message.id,
  ]);
  await recordEvent(db, organizationId, {
    type: "message.updated",
    data: { messageId: message.id, leadId: message.lead_id, channel: "whatsapp", direction: "outbound", status: status.status },
    actor: null,
  });
  return "applied";
}
