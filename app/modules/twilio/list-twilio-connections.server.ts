import { TwilioConnection } from "@db/entities/twilio-connection";
import { withOrganization } from "~/utils/db.server";
import { secretHint } from "~/utils/secret-hint.server";
import { openTwilioAuthToken } from "./twilio-secrets.server";
import { twilioUrl } from "./twilio-urls.server";

/**
 * The organization's Twilio connections for the settings page: of the auth
 * token only its last 4 characters leave. `webhookUrls` are what to paste on
 * each number in Twilio's console, from APP_URL exactly as the webhook routes
 * verify them: `voice` for "A call comes in", `status` for "Call status changes".
 */
export async function listTwilioConnections(organizationId: string) {
  return withOrganization(organizationId, async (db) => {
    const connections = await db.find(TwilioConnection, { organization: organizationId }, { orderBy: { createdAt: "asc" } });
    return connections.map((connection) => ({
      id: connection.id,
      name: connection.name,
      accountSid: connection.accountSid,
      phoneNumbers: connection.phoneNumbers,
      recordCalls: connection.recordCalls,
      demo: connection.demo,
      authTokenHint: secretHint(openTwilioAuthToken, connection.authToken),
      webhookUrls: { voice: twilioUrl(connection.connectionKey, "voice"), status: twilioUrl(connection.connectionKey, "status") },
    }));
  });
}
