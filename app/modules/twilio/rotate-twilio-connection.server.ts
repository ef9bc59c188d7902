import { TwilioConnection } from "@db/entities/twilio-connection";
import { newConnectionKey } from "~/utils/connection-key.server";
import { withOrganization } from "~/utils/db.server";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";
import { sealTwilioAuthToken } from "./twilio-secrets.server";

/**
 * New webhook URLs (a new key) and a new auth token at once: what to do when
 * either may have leaked. The old URLs stop answering immediately, so every
 * number's voice and status URLs must be updated in Twilio's console. Null
 * when the connection is not the organization's.
 */
export async function rotateTwilioConnection(actor: AuditActor, input: { connectionId: string; authToken: string }) {
  return withOrganization(actor.organizationId, async (db) => {
    const connection = await db.findOne(TwilioConnection, { id: input.connectionId, organization: actor.organizationId });
    if (!connection) return null;
    connection.connectionKey = newConnectionKey();
    connection.authToken = sealTwilioAuthToken(input.authToken);
    recordAudit(db, actor, {
      action: "twilio.connection_rotated",
      resourceType: "twilio_connection",
      resourceId: connection.id,
      changes: { before: null, after: { connectionKey: "rotated", authToken: "replaced" } },
    });
    return { connectionKey: connection.connectionKey };
  });
}
