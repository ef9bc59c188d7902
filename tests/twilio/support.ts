import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { startTwilioStandIn, type TwilioStandIn, type TwilioStandInOptions } from "~/server/twilio-stand-in";
import { twilioSignature } from "~/server/twilio-stand-in-webhooks";
import { resetEnv } from "~/utils/env.server";
import { sealTwilioAuthToken } from "~/modules/twilio/twilio-secrets.server";
import type { TestDatabase } from "../support/database";
import type { TestServer } from "../support/server";

export interface TestTwilioConnection {
  id: string;
  organizationId: string;
  key: string;
  accountSid: string;
  authToken: string;
  number: string;
}

export const hex = (bytes: number) => randomBytes(bytes).toString("hex");
export const callSid = () => `CA${hex(16)}`;
export const recordingSid = () => `RE${hex(16)}`;
/** A Brazilian mobile nobody else in the test database has. */
export const aMobile = () => `+55119${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;

/**
 * A Twilio connection for a test, written as the settings page writes it
 * (sealed token). `only`: the organization's other connections go, so
 * click-to-call uses this one whatever the seed holds.
 */
export async function createTwilioConnection(
  db: Pick<TestDatabase, "adminQuery">,
  organizationId: string,
  options: { only?: boolean; recordCalls?: boolean } = {},
): Promise<TestTwilioConnection> {
  if (options.only) await db.adminQuery("delete from twilio_connections where organization_id = $1", [organizationId]);
  const connection: TestTwilioConnection = {
    id: randomUUID(),
    organizationId,
    key: randomBytes(32).toString("base64url"),
    accountSid: `AC${hex(16)}`,
    authToken: hex(16),
    number: `+55114${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`,
  };
  await db.adminQuery(
    `insert into twilio_connections (id, organization_id, connection_key, name, account_sid, auth_token, phone_numbers, record_calls, demo, created_at, updated_at)
     values ($1, $2, $3, 'Twilio de teste', $4, $5, $6::jsonb, $7, false, now(), now())`,
    [connection.id, organizationId, connection.key, connection.accountSid, sealTwilioAuthToken(connection.authToken), JSON.stringify([connection.number]), options.recordCalls ?? true],
  );
  return connection;
}

/** Posts a form to a Twilio route signed as Twilio signs it (over `signedUrl`, the public URL, unless told otherwise). */
export async function postTwilio(
  serverUrl: string,
  connection: Pick<TestTwilioConnection, "key" | "authToken" | "accountSid">,
  pathAndQuery: string,
  params: Record<string, string>,
  options: { token?: string; signature?: string | null; publicUrl?: string } = {},
) {
  const path = `/webhooks/twilio/${connection.key}/${pathAndQuery}`;
  const form = { AccountSid: connection.accountSid, ...params };
  const signed = twilioSignature(options.token ?? connection.authToken, `${options.publicUrl ?? serverUrl}${path}`, form);
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  const signature = options.signature === undefined ? signed : options.signature;
  if (signature !== null) headers["x-twilio-signature"] = signature;
  const response = await fetch(`${serverUrl}${path}`, { method: "POST", headers, body: new URLSearchParams(form).toString() });
  return { status: response.status, body: await response.text(), contentType: response.headers.get("content-type") };
}

/**
 * The Twilio stand-in for a test file, playing the accounts `accounts()` names
 * (read once the database and server are up), with the app pointed at it:
 * TWILIO_API_URL is the stand-in and APP_URL the test server, the public URL
 * Twilio signs. Both are put back afterwards. Call after useTestServer().
 */
export function useTwilioStandIn(server: TestServer, options: Omit<TwilioStandInOptions, "accounts"> & { accounts: () => Promise<TwilioStandInOptions["accounts"]> }) {
  const holder = { current: undefined as unknown as TwilioStandIn };
  const saved = { APP_URL: process.env.APP_URL, TWILIO_API_URL: process.env.TWILIO_API_URL, TWILIO_STAND_IN_URL: process.env.TWILIO_STAND_IN_URL };
  beforeAll(async () => {
    holder.current = await startTwilioStandIn({ ...options, accounts: await options.accounts() });
    process.env.APP_URL = server.url;
    process.env.TWILIO_API_URL = holder.current.url;
    delete process.env.TWILIO_STAND_IN_URL;
    resetEnv();
  });
  afterAll(async () => {
    await holder.current?.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnv();
  });
  return holder;
}
