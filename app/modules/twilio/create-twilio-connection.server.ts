import { randomUUID } from "node:crypto";
import { TwilioConnection } from "@db/entities/twilio-connection";
import { message } from "~/i18n/catalogue";
import { newConnectionKey } from "~/utils/connection-key.server";
import { withOrganization, type Db } from "~/utils/db.server";
import { DomainRefusal } from "~/utils/refusal.server";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";
import { lockTwilioConnections } from "./lock-twilio-connections.server";
import { sealTwilioAuthToken } from "./twilio-secrets.server";

export interface NewTwilioConnection {
  name: string;
  /** "AC" + 32 lowercase hex digits (twilio-connection-intents normalises it). */
  accountSid: string;
  authToken: string;
  /** E.164, the first is the caller id. */
  numbers: string[];
  recordCalls: boolean;
}

/**
 * Refuses numbers another Twilio connection of the organization already has
 * (the caller holds the organization's Twilio lock): an inbound call or a
 * caller id must belong to one account.
 */
export async function refuseTakenTwilioNumbers(db: Db, organizationId: string, numbers: string[], exceptConnectionId: string | null) {
  const others = await db.find(TwilioConnection, { organization: organizationId, ...(exceptConnectionId ? { id: { $ne: exceptConnectionId } } : {}) });
  const taken = numbers.find((number) => others.some((other) => other.phoneNumbers.includes(number)));
  if (taken) throw new DomainRefusal(message("integrations.twilio.rule.numberTaken", { number: taken }), { status: 400, field: "numbers" });
}

/** Connects one Twilio account; its webhook URLs carry a new random key. One connection per account SID per organization. */
export async function createTwilioConnection(actor: AuditActor, input: NewTwilioConnection) {
  return withOrganization(actor.organizationId, async (db) => {
    await lockTwilioConnections(db, actor.organizationId);
    if (await db.count(TwilioConnection, { organization: actor.organizationId, accountSid: input.accountSid })) {
      throw new DomainRefusal(message("integrations.twilio.rule.accountTaken"), { status: 400, field: "accountSid" });
    }
    await refuseTakenTwilioNumbers(db, actor.organizationId, input.numbers, null);
    const connection = db.create(TwilioConnection, {
      id: randomUUID(),
      organization: actor.organizationId,
      connectionKey: newConnectionKey(),
      name: input.name,
      accountSid: input.accountSid,
      authToken: sealTwilioAuthToken(input.authToken),
      phoneNumbers: input.numbers,
      recordCalls: input.recordCalls,
      createdBy: actor.userId,
    });
    recordAudit(db, actor, {
      action: "twilio.connection_created",
      resourceType: "twilio_connection",
      resourceId: connection.id,
      changes: {
        before: null,
        after: { name: input.name, accountSid: input.accountSid, phoneNumbers: input.numbers, recordCalls: input.recordCalls, authToken: "set" },
      },
    });
    return { id: connection.id, connectionKey: connection.connectionKey };
  });
}
