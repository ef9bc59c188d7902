import { executeWithoutTenant } from "~/utils/db.server";
import { loggerFor } from "~/utils/logger.server";
import { SecretBoxError } from "~/utils/secret-box.server";
import { openTwilioAuthToken } from "./twilio-secrets.server";

const log = loggerFor("integrations");

// Generated keys are 43 characters; the demo seed's are readable names.
const CONNECTION_KEY = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The connection a Twilio URL names, before the organization is known: the
 * narrow cross-tenant lookup (`find_twilio_connection`). Server only: it
 * returns the opened auth token for the signature check. Null for a key that
 * names nothing, or whose token does not open (another ENCRYPTION_KEY);
 * "organization-deleted" when its organization was deleted.
 */
export async function findTwilioConnectionByKey(connectionKey: string) {
  if (!CONNECTION_KEY.test(connectionKey)) return null;
  const [row] = await executeWithoutTenant<{ id: string; organization_id: string; account_sid: string; auth_token: string; organization_deleted_at: unknown }>(
    "select id, organization_id, account_sid, auth_token, organization_deleted_at from find_twilio_connection(?)",
    [connectionKey],
  );
  if (!row) return null;
  if (row.organization_deleted_at) return "organization-deleted" as const;
  try {
    return { id: row.id, organizationId: row.organization_id, accountSid: row.account_sid, authToken: openTwilioAuthToken(row.auth_token) };
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    log.error({ connectionId: row.id }, "a Twilio connection's auth token does not open (was ENCRYPTION_KEY changed?)");
    return null;
  }
}
