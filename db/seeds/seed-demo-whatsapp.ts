import { randomUUID } from "node:crypto";
import { WhatsAppConnection } from "../entities/whatsapp-connection";
import { WhatsAppPhoneNumber } from "../entities/whatsapp-phone-number";
import { WhatsAppTemplate } from "../entities/whatsapp-template";
import { withOrganization } from "../../app/utils/db.server";
import { countTemplateVariables } from "../../app/modules/whatsapp/count-template-variables";
import { sealWhatsAppSecret } from "../../app/modules/whatsapp/whatsapp-secrets.server";
import type { DemoWhatsAppConnection } from "./demo-whatsapp";

/**
 * A demo organization's WhatsApp connection, sealed like a real one but marked
 * `demo`: on the embedded defaults it talks to the loopback stand-in, never to Meta.
 * Its id.
 */
export async function addDemoWhatsAppConnection(organizationId: string, demo: DemoWhatsAppConnection) {
  return withOrganization(organizationId, async (db) => {
    const connectionId = randomUUID();
    const now = new Date();
    db.create(WhatsAppConnection, {
      id: connectionId,
      organization: organizationId,
      connectionKey: demo.connectionKey,
      name: "WhatsApp (demonstração)",
      wabaId: demo.wabaId,
      appSecret: sealWhatsAppSecret("appSecret", demo.appSecret),
      verifyToken: sealWhatsAppSecret("verifyToken", demo.verifyToken),
      accessToken: sealWhatsAppSecret("accessToken", demo.accessToken),
      demo: true,
      templatesSyncedAt: now,
    });
    await db.flush();
    for (const number of demo.phoneNumbers) {
      db.create(WhatsAppPhoneNumber, { id: randomUUID(), organization: organizationId, connection: connectionId, phoneNumberId: number.id, displayPhoneNumber: number.display });
    }
    for (const template of demo.templates) {
      db.create(WhatsAppTemplate, {
        id: randomUUID(),
        organization: organizationId,
        connection: connectionId,
        name: template.name,
        language: template.language,
        status: template.status,
        category: template.category,
        components: template.components,
        variableCount: countTemplateVariables(template.components),
        syncedAt: now,
      });
    }
    return connectionId;
  });
}
