import { WhatsAppConnection, type NewLeadAssignment } from "@db/entities/whatsapp-connection";
import { withOrganization } from "~/utils/db.server";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";
import type { PhoneNumberInput } from "./connection-intents.server";
import { lockWhatsAppConnections } from "./lock-whatsapp-connections.server";
import { savePhoneNumbers } from "./save-phone-numbers.server";
import { sealWhatsAppSecret, type WhatsAppSecretField } from "./whatsapp-secrets.server";

export interface WhatsAppConnectionChanges {
  connectionId: string;
  name: string;
  numbers: PhoneNumberInput[];
  newLeadAssignment: NewLeadAssignment;
  /** null keeps the stored secret. */
  appSecret: string | null;
  verifyToken: string | null;
  accessToken: string | null;
}

/**
 * Renames, changes the numbers and the new-lead policy, and replaces the
 * secrets given anew. The audit says which secrets were replaced, never their
 * values. Null when the connection is not the organization's.
 */
export async function updateWhatsAppConnection(actor: AuditActor, input: WhatsAppConnectionChanges) {
  return withOrganization(actor.organizationId, async (db) => {
    await lockWhatsAppConnections(db, actor.organizationId);
    const connection = await db.findOne(WhatsAppConnection, { id: input.connectionId, organization: actor.organizationId });
    if (!connection) return null;
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    if (connection.name !== input.name) {
      before.name = connection.name;
      after.name = connection.name = input.name;
    }
    if (connection.newLeadAssignment !== input.newLeadAssignment) {
      before.newLeadAssignment = connection.newLeadAssignment;
      after.newLeadAssignment = connection.newLeadAssignment = input.newLeadAssignment;
    }
    for (const field of ["appSecret", "verifyToken", "accessToken"] as const satisfies WhatsAppSecretField[]) {
      const plain = input[field];
      if (plain === null) continue;
      connection[field] = sealWhatsAppSecret(field, plain);
      after[field] = "replaced";
    }
    const numbers = await savePhoneNumbers(db, connection, input.numbers);
    if (numbers.added.length) after.phoneNumbersAdded = numbers.added;
    if (numbers.removed.length) after.phoneNumbersRemoved = numbers.removed;
    if (numbers.changed.length) after.displayNumbersChanged = numbers.changed;
    const fields = Object.keys(after);
    if (fields.length) {
      recordAudit(db, actor, { action: "whatsapp.connection_updated", resourceType: "whatsapp_connection", resourceId: connection.id, changes: { before, after } });
    }
    return { fields };
  });
}
