import { executeWithoutTenant } from "~/utils/db.server";
import { openWhatsAppSecret } from "./whatsapp-secrets.server";

// Generated keys are 43 characters; the demo seed's are readable names.
const CONNECTION_KEY = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The connection a webhook URL names, before the organization is known: the
 * one narrow cross-tenant lookup (`find_whatsapp_connection`). Server only:
 * it returns the opened app secret and verify token for the signature and
 * subscription checks. Null for a key that names nothing.
 */
export async function findWhatsAppConnectionByKey(connectionKey: string) {
  if (!CONNECTION_KEY.test(connectionKey)) return null;
  const [row] = await executeWithoutTenant<{ id: string; organization_id: string; app_secret: string; verify_token: string }>(
    "select id, organization_id, app_secret, verify_token from find_whatsapp_connection(?)",
    [connectionKey],
  );
  if (!row) return null;
  return {
    id: row.id,
    organizationId: row.organization_id,
    appSecret: openWhatsAppSecret("appSecret", row.app_secret),
    verifyToken: openWhatsAppSecret("verifyToken", row.verify_token),
  };
}
