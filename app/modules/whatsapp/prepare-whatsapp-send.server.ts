import { message } from "~/i18n/catalogue";
import type { Db } from "~/utils/db.server";
import { DomainRefusal } from "~/utils/refusal.server";
import { pickSendingNumber } from "./pick-sending-number.server";

export interface WhatsAppSendTarget {
  leadId: string;
  lastInboundAt: Date | null;
  connectionId: string;
  phoneNumberId: string;
}

/**
 * The lead, row-locked for the rest of the transaction (two sends and an
 * inbound message serialize on it, so the window is judged on the latest
 * inbound time), and the number the message goes out from. Refused without a
 * phone on the lead or a connected number. Null when the lead is not in the
 * organization.
 */
export async function prepareWhatsAppSend(db: Db, organizationId: string, leadId: string): Promise<WhatsAppSendTarget | null> {
  const [lead] = await db.execute<{ id: string; phone: string | null; last_inbound_at: Date | null }[]>(
    "select id, phone, last_inbound_at from leads where organization_id = ? and id = ? for update",
    [organizationId, leadId],
  );
  if (!lead) return null;
  if (!lead.phone) throw new DomainRefusal(message("whatsapp.send.noPhone"), { status: 422, code: "no_phone" });
  const number = await pickSendingNumber(db, organizationId, lead.id);
  if (!number) throw new DomainRefusal(message("whatsapp.send.notConnected"), { status: 422, code: "whatsapp_not_connected" });
  return {
    leadId: lead.id,
    lastInboundAt: lead.last_inbound_at ? new Date(lead.last_inbound_at) : null,
    connectionId: number.connectionId,
    phoneNumberId: number.phoneNumberId,
  };
}
