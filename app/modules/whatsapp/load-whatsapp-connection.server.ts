import { WhatsAppConnection } from "@db/entities/whatsapp-connection";
import { WhatsAppPhoneNumber } from "@db/entities/whatsapp-phone-number";
import type { Db } from "~/utils/db.server";
import { openWhatsAppSecret } from "./whatsapp-secrets.server";

/**
 * A connection as worker tasks use it, inside their organization's
 * transaction: the opened access token, where its Graph calls go (`demo`) and
 * its numbers. Null when it was disconnected meanwhile.
 */
export async function loadWhatsAppConnection(db: Db, organizationId: string, connectionId: string) {
  const connection = await db.findOne(WhatsAppConnection, { id: connectionId, organization: organizationId });
  if (!connection) return null;
  const numbers = await db.find(WhatsAppPhoneNumber, { connection: connection.id }, { orderBy: { createdAt: "asc" } });
  return {
    id: connection.id,
    organizationId,
    name: connection.name,
    wabaId: connection.wabaId,
    demo: connection.demo,
    accessToken: openWhatsAppSecret("accessToken", connection.accessToken),
    newLeadAssignment: connection.newLeadAssignment,
    phoneNumbers: numbers.map((n) => ({ id: n.id, phoneNumberId: n.phoneNumberId, displayPhoneNumber: n.displayPhoneNumber })),
  };
}
export type LoadedWhatsAppConnection = NonNullable<Awaited<ReturnType<typeof loadWhatsAppConnection>>>;
