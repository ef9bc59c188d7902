import { WhatsAppConnection } from "@db/entities/whatsapp-connection";
import { WhatsAppPhoneNumber } from "@db/entities/whatsapp-phone-number";
import { WhatsAppTemplate } from "@db/entities/whatsapp-template";
import { withOrganization } from "~/utils/db.server";
import { secretHint } from "~/utils/secret-hint.server";
import { openWhatsAppSecret, type WhatsAppSecretField } from "./whatsapp-secrets.server";

const hintOf = (field: WhatsAppSecretField, sealed: string) => secretHint((text) => openWhatsAppSecret(field, text), sealed);

/** The organization's connections for the settings page: no secret leaves but its last 4 characters. */
export async function listWhatsAppConnections(organizationId: string) {
  return withOrganization(organizationId, async (db) => {
    const connections = await db.find(WhatsAppConnection, { organization: organizationId }, { orderBy: { createdAt: "asc" } });
    const ids = connections.map((c) => c.id);
    const numbers = await db.find(WhatsAppPhoneNumber, { connection: { $in: ids } }, { orderBy: { createdAt: "asc" } });
    const templates = await db.find(WhatsAppTemplate, { connection: { $in: ids } }, { orderBy: { name: "asc", language: "asc" } });
    return connections.map((connection) => ({
      id: connection.id,
      name: connection.name,
      wabaId: connection.wabaId,
      connectionKey: connection.connectionKey,
      demo: connection.demo,
      newLeadAssignment: connection.newLeadAssignment,
      secretHints: {
        appSecret: hintOf("appSecret", connection.appSecret),
        verifyToken: hintOf("verifyToken", connection.verifyToken),
        accessToken: hintOf("accessToken", connection.accessToken),
      },
      phoneNumbers: numbers
        .filter((n) => n.connection === connection.id)
        .map((n) => ({ phoneNumberId: n.phoneNumberId, displayPhoneNumber: n.displayPhoneNumber })),
      templates: templates
        .filter((t) => t.connection === connection.id)
        .map((t) => ({ id: t.id, name: t.name, language: t.language, category: t.category, status: t.status, variableCount: t.variableCount })),
      templatesSyncedAt: connection.templatesSyncedAt?.toISOString() ?? null,
      templatesSyncing: Boolean(connection.templatesSyncRequestedAt),
      templatesSyncError: connection.templatesSyncError ?? null,
    }));
  });
}
