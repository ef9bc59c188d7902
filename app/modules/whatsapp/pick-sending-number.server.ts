import type { Db } from "~/utils/db.server";

export interface SendingNumber {
  connectionId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
}

/**
 * The number a message to the lead goes out from: the one the lead last wrote
 * to, while it still belongs to one of the organization's connections (the
 * conversation stays on one thread of the lead's phone), else the first
 * number of the first connection. Null when the organization has no number.
 */
export async function pickSendingNumber(db: Db, organizationId: string, leadId: string): Promise<SendingNumber | null> {
  const [number] = await db.execute<{ connection_id: string; phone_number_id: string; display_phone_number: string }[]>(
    `select n.connection_id, n.phone_number_id, n.display_phone_number
       from whatsapp_phone_numbers n
       join whatsapp_connections c on c.id = n.connection_id
       left join lateral (
         select metadata->>'phoneNumberId' as phone_number_id
           from communications
          where organization_id = ? and lead_id = ? and channel = 'whatsapp' and direction = 'inbound'
          order by sent_at desc, id desc
          limit 1
       ) last on true
      where n.organization_id = ?
      order by (n.phone_number_id = last.phone_number_id) desc nulls last, c.created_at, c.id, n.created_at, n.id
      limit 1`,
    [organizationId, leadId, organizationId],
  );
  return number ? { connectionId: number.connection_id, phoneNumberId: number.phone_number_id, displayPhoneNumber: number.display_phone_number } : null;
}
