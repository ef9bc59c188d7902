import { WhatsAppConnection } from "@db/entities/whatsapp-connection";
import { withOrganization } from "~/utils/db.server";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";
import { newConnectionKey } from "~/utils/connection-key.server";
import { sealWhatsAppSecret } from "./whatsapp-secrets.server";

/**
 * A new webhook URL (new key) and a new app secret at once: what to do when
 * either may have leaked. The old URL stops answering immediately, so Meta's
 * callback URL must be updated. Null when the connection is not the organization's.
 */
export async function rotateWhatsAppConnection(actor: AuditActor, input: { connectionId: string; appSecret: string }) {
  return withOrganization(actor.organizationId, async (db) => {
    const connection = await db.findOne(WhatsAppConnection, { id: input.connectionId, organization: actor.organizationId });
    if (!connection) return null;
    connection.connectionKey = newConnectionKey();
    connection.appSecret = sealWhatsAppSecret("appSecret", input.appSecret);
    recordAudit(db, actor, {
      action: "whatsapp.connection_rotated",
      resourceType: "whatsapp_connection",
      resourceId: connection.id,
      changes: { before: null, after: { connectionKey: "rotated", appSecret: "replaced" } },
    });
    return { connectionKey: connection.connectionKey };
  });
}
