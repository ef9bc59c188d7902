import { TwilioConnection } from "@db/entities/twilio-connection";
import { withOrganization } from "~/utils/db.server";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";

/**
 * Deletes the connection and its sealed token; its webhook URLs stop
 * answering and no call can be placed through it. Calls already on lead
 * timelines stay. Null when the connection is not the organization's.
 */
export async function disconnectTwilioConnection(actor: AuditActor, input: { connectionId: string }) {
  return withOrganization(actor.organizationId, async (db) => {
    const connection = await db.findOne(TwilioConnection, { id: input.connectionId, organization: actor.organizationId });
    if (!connection) return null;
    recordAudit(db, actor, {
      action: "twilio.connection_disconnected",
      resourceType: "twilio_connection",
      resourceId: connection.id,
      changes: { before: { name: connection.name, accountSid: connection.accountSid, phoneNumbers: connection.phoneNumbers }, after: null },
    });
    await db.nativeDelete(TwilioConnection, { id: connection.id });
    return { name: connection.name };
  });
}
