import { randomUUID } from "node:crypto";
import { WhatsAppConnection, type NewLeadAssignment } from "@db/entities/whatsapp-connection";
import { message } from "~/i18n/catalogue";
import { withOrganization } from "~/utils/db.server";
import { DomainRefusal } from "~/utils/refusal.server";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";
import type { PhoneNumberInput } from "./connection-intents.server";
import { lockWhatsAppConnections } from "./lock-whatsapp-connections.server";
import { savePhoneNumbers } from "./save-phone-numbers.server";
import { newConnectionKey } from "~/utils/connection-key.server";
import { sealWhatsAppSecret } from "./whatsapp-secrets.server";

export interface NewWhatsAppConnection {
  name: string;
  wabaId: string;
  numbers: PhoneNumberInput[];
  appSecret: string;
  verifyToken: string;
  accessToken: string;
  newLeadAssignment: NewLeadAssignment;
}

/** Connects one Meta app + WABA; its webhook URL carries a new random key. One connection per WABA per organization. */
export async function createWhatsAppConnection(actor: AuditActor, input: NewWhatsAppConnection) {
  return withOrganization(actor.organizationId, async (db) => {
    await lockWhatsAppConnections(db, actor.organizationId);
    if (await db.count(WhatsAppConnection, { organization: actor.organizationId, wabaId: input.wabaId })) {
      throw new DomainRefusal(message("integrations.rule.wabaTaken"), { status: 400, field: "wabaId" });
    }
    const connection = db.create(WhatsAppConnection, {
      id: randomUUID(),
      organization: actor.organizationId,
      connectionKey: newConnectionKey(),
      name: input.name,
      wabaId: input.wabaId,
      appSecret: sealWhatsAppSecret("appSecret", input.appSecret),
      verifyToken: sealWhatsAppSecret("verifyToken", input.verifyToken),
      accessToken: sealWhatsAppSecret("accessToken", input.accessToken),
      newLeadAssignment: input.newLeadAssignment,
      createdBy: actor.userId,
    });
    // The connection row first: its numbers reference it.
    await db.flush();
    await savePhoneNumbers(db, connection, input.numbers);
    recordAudit(db, actor, {
      action: "whatsapp.connection_created",
      resourceType: "whatsapp_connection",
      resourceId: connection.id,
      changes: {
        before: null,
        after: {
          name: input.name,
          wabaId: input.wabaId,
          phoneNumberIds: input.numbers.map((n) => n.phoneNumberId),
          newLeadAssignment: input.newLeadAssignment,
          appSecret: "set",
          verifyToken: "set",
          accessToken: "set",
        },
      },
    });
    return { id: connection.id, connectionKey: connection.connectionKey };
  });
}
