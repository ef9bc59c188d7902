import { executeWithoutTenant } from "~/utils/db.server";
import { loggerFor } from "~/utils/logger.server";
import { SecretBoxError } from "~/utils/secret-box.server";
import { openWhatsAppSecret } from "./whatsapp-secrets.server";

const log = loggerFor("integrations");

// Generated keys are 43 characters; the demo seed's are readable names.
const CONNECTION_KEY = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The connection a webhook URL names, before the organization is known: the
 * one narrow cross-tenant lookup (`find_whatsapp_connection`). Server only:
 * it returns the opened app secret and verify token for the signature and
 * subscription checks. Null for a key that names nothing; "organization-deleted"
 * when its organization was deleted, before any secret is opened.
 */
export async function findWhatsAppConnectionByKey(connectionKey: string) {
  if (!CONNECTION_KEY.test(connectionKey)) return null;
  const [row] = await executeWithoutTenant<{ id: string; organization_id: string; app_secret: string; verify_token: string; organization_deleted_at: unknown }>(
    "select id, organization_id, app_secret, verify_token, organization_deleted_at from find_whatsapp_connection(?)",
    [connectionKey],
  );
  if (!row) return null;
  if (row.organization_deleted_at) return "organization-deleted" as const;
  try {
    return {
      id: row.id,
      organizationId: row.organization_id,
      appSecret: openWhatsAppSecret("appSecret", row.app_secret),
      verifyToken: openWhatsAppSecret("verifyToken", row.verify_token),
    };
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    // Sealed under another ENCRYPTION_KEY: nothing from outside can be verified, and the caller answers as for an unknown key rather than 500.
    log.error({ connectionId: row.id }, "a WhatsApp connection's secrets do not open (was ENCRYPTION_KEY changed?)");
    return null;
  }
}
