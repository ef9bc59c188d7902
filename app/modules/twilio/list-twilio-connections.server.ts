import { TwilioConnection } from "@db/entities/twilio-connection";
import { withOrganization } from "~/utils/db.server";
import { secretHint } from "~/utils/secret-hint.server";
import { openTwilioAuthToken } from "./twilio-secrets.server";

/**
 * Where Twilio reaches a connection: `voice` for the numbers' "A call comes
 * in" webhook, `status` for their "Call status changes" callback. `appUrl` is
 * the public base (APP_URL), without a trailing slash.
 */
export function twilioWebhookUrls(appUrl: string, connectionKey: string) {
  const base = `${appUrl.replace(/\/+$/, "")}/webhooks/twilio/${connectionKey}`;
  return { voice: `${base}/voice`, status: `${base}/status` };
}

/** The organization's Twilio connections for the settings page: of the auth token only its last 4 characters leave. */
export async function listTwilioConnections(organizationId: string, appUrl: string) {
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
      webhookUrls: twilioWebhookUrls(appUrl, connection.connectionKey),
    }));
  });
}
export type TwilioConnectionView = Awaited<ReturnType<typeof listTwilioConnections>>[number];
