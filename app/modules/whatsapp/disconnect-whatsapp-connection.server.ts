import { WhatsAppConnection } from "@db/entities/whatsapp-connection";
import { WhatsAppPhoneNumber } from "@db/entities/whatsapp-phone-number";
import { withOrganization } from "~/utils/db.server";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";

/**
 * Deletes the connection with its numbers, templates and secrets; its webhook
 * URL stops answering. Messages already on lead timelines stay. Null when the
 * connection is not the organization's.
 */
export async function disconnectWhatsAppConnection(actor: AuditActor, input: { connectionId: string }) {
  return withOrganization(actor.organizationId, async (db) => {
    const connection = await db.findOne(WhatsAppConnection, { id: input.connectionId, organization: actor.organizationId });
    if (!connection) return null;
    const numbers = await db.find(WhatsAppPhoneNumber, { connection: connection.id }, { orderBy: { createdAt: "asc" } });
    recordAudit(db, actor, {
      action: "whatsapp.connection_disconnected",
      resourceType: "whatsapp_connection",
      resourceId: connection.id,
      changes: { before: { name: connection.name, wabaId: connection.wabaId, phoneNumberIds: numbers.map((n) => n.phoneNumberId) }, after: null },
    });
    // The database cascades to numbers and templates.
    await db.nativeDelete(WhatsAppConnection, { id: connection.id });
    return { name: connection.name };
  });
}
