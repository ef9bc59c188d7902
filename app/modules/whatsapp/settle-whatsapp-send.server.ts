import type { Db } from "~/utils/db.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { advancesStatus } from "./outbound-status";

export type SendOutcome =
  | { outcome: "sent"; messageId: string }
  | { outcome: "failed"; error: { code: number | null; title: string } }
  /** Safe to send again later: the attempt's claim is released, its error kept for the logs. */
  | { outcome: "retry"; error: string };

/**
 * Records what Graph answered, in its own transaction, and releases the
 * send claim. The provider id is stored whatever the status is by now; the
 * status only ever advances (a status webhook may have got here first).
 * `message.updated` tells the open pages when the status changed.
 */
export async function settleWhatsAppSend(db: Db, organizationId: string, communicationId: string, result: SendOutcome) {
  const [row] = await db.execute<{ lead_id: string; status: string | null }[]>(
    "select lead_id, status from communications where organization_id = ? and id = ? for update",
    [organizationId, communicationId],
  );
  if (!row) return;
  if (result.outcome === "retry") {
    await db.execute(`update communications set metadata = (metadata - 'sendClaimedAt') || jsonb_build_object('lastError', ?::text), updated_at = now() where id = ?`, [
      result.error.slice(0, 500),
      communicationId,
    ]);
    return;
  }
  const next = result.outcome === "sent" ? "sent" : "failed";
  const status = advancesStatus(row.status, next) ? next : row.status;
  await db.execute(
    `update communications set
        external_id = coalesce(?, external_id),
        status = ?,
        metadata = (metadata - 'sendClaimedAt' - 'lastError') || ?::jsonb,
        updated_at = now()
      where id = ?`,
    [result.outcome === "sent" ? result.messageId : null, status, JSON.stringify(result.outcome === "failed" ? { error: result.error } : {}), communicationId],
  );
  if (status === row.status) return;
  await recordEvent(db, organizationId, {
    type: "message.updated",
    data: { messageId: communicationId, leadId: row.lead_id, channel: "whatsapp", direction: "outbound", status },
    actor: null,
  });
}
