import { TwilioConnection } from "@db/entities/twilio-connection";
import type { Db } from "~/utils/db.server";
import { openTwilioAuthToken } from "./twilio-secrets.server";

/**
 * A connection as calls use it, inside its organization's transaction: the
 * opened auth token, where its REST calls go (`demo`), its numbers and
 * whether calls are recorded. `connectionId` null: the organization's first
 * connection with a number (the one click-to-call uses). Null when there is none.
 */
export async function loadTwilioConnection(db: Db, organizationId: string, connectionId: string | null) {
  const connection = connectionId
    ? await db.findOne(TwilioConnection, { id: connectionId, organization: organizationId })
    : ((await db.find(TwilioConnection, { organization: organizationId }, { orderBy: { createdAt: "asc", id: "asc" } })).find((c) => c.phoneNumbers.length > 0) ?? null);
  if (!connection) return null;
  return {
    id: connection.id,
    organizationId,
    connectionKey: connection.connectionKey,
    accountSid: connection.accountSid,
    authToken: openTwilioAuthToken(connection.authToken),
    demo: connection.demo,
    phoneNumbers: connection.phoneNumbers,
    recordCalls: connection.recordCalls,
  };
}
export type LoadedTwilioConnection = NonNullable<Awaited<ReturnType<typeof loadTwilioConnection>>>;

/** Whether a connection records its calls (they are, unless an admin said otherwise). */
export async function twilioRecordsCalls(db: Db, connectionId: string) {
  const [row] = await db.execute<{ record_calls: boolean }[]>("select record_calls from twilio_connections where id = ?", [connectionId]);
  return row?.record_calls ?? true;
}
