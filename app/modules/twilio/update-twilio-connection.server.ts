import { TwilioConnection } from "@db/entities/twilio-connection";
import { withOrganization } from "~/utils/db.server";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";
import { refuseTakenTwilioNumbers } from "./create-twilio-connection.server";
import { lockTwilioConnections } from "./lock-twilio-connections.server";
import { sealTwilioAuthToken } from "./twilio-secrets.server";

export interface TwilioConnectionChanges {
  connectionId: string;
  name: string;
  /** E.164, the first is the caller id. */
  numbers: string[];
  recordCalls: boolean;
  /** null keeps the stored token. */
  authToken: string | null;
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((value, i) => value === b[i]);

/**
 * Renames, changes the numbers (their order too: the first is the caller id)
 * and whether calls are recorded, and replaces the auth token when a new one
 * is given. The account SID stays: another account is another connection.
 * The audit says whether the token was replaced, never its value. Null when
 * the connection is not the organization's.
 */
export async function updateTwilioConnection(actor: AuditActor, input: TwilioConnectionChanges) {
  return withOrganization(actor.organizationId, async (db) => {
    await lockTwilioConnections(db, actor.organizationId);
    const connection = await db.findOne(TwilioConnection, { id: input.connectionId, organization: actor.organizationId });
    if (!connection) return null;
    await refuseTakenTwilioNumbers(db, actor.organizationId, input.numbers, connection.id);
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    if (connection.name !== input.name) {
      before.name = connection.name;
      after.name = connection.name = input.name;
    }
    if (!sameList(connection.phoneNumbers, input.numbers)) {
      before.phoneNumbers = connection.phoneNumbers;
      after.phoneNumbers = connection.phoneNumbers = input.numbers;
    }
    if (connection.recordCalls !== input.recordCalls) {
      before.recordCalls = connection.recordCalls;
      after.recordCalls = connection.recordCalls = input.recordCalls;
    }
    if (input.authToken !== null) {
      connection.authToken = sealTwilioAuthToken(input.authToken);
      after.authToken = "replaced";
    }
    const fields = Object.keys(after);
    if (fields.length) {
      recordAudit(db, actor, { action: "twilio.connection_updated", resourceType: "twilio_connection", resourceId: connection.id, changes: { before, after } });
    }
    return { fields };
  });
}
