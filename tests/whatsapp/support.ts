import { randomBytes, randomUUID } from "node:crypto";
import { Logger, runOnce } from "graphile-worker";
import { sealWhatsAppSecret } from "~/modules/whatsapp/whatsapp-secrets.server";
import { signWhatsAppBody } from "~/modules/whatsapp/webhook-signature.server";
import { taskList } from "@worker/task-list";
import type { TestDatabase } from "../support/database";

const quietLogger = new Logger(() => () => {});

export function uniqueDigits(length = 15) {
  return `${1 + Math.floor(Math.random() * 8)}${Array.from({ length: length - 1 }, () => Math.floor(Math.random() * 10)).join("")}`;
}

export interface TestConnection {
  id: string;
  organizationId: string;
  key: string;
  appSecret: string;
  verifyToken: string;
  accessToken: string;
  wabaId: string;
  numbers: string[];
}

/** A WhatsApp connection of its own for a test (or a bench), written as the settings page writes it (sealed secrets). */
export async function createConnection(db: Pick<TestDatabase, "adminQuery">, organizationId: string, options: { numbers?: number; roundRobin?: boolean } = {}): Promise<TestConnection> {
  const connection: TestConnection = {
    id: randomUUID(),
    organizationId,
    key: randomBytes(32).toString("base64url"),
    appSecret: randomBytes(16).toString("hex"),
    verifyToken: `verifica-${randomBytes(6).toString("hex")}`,
    accessToken: `EAAG${randomBytes(20).toString("hex")}`,
    wabaId: uniqueDigits(),
    numbers: Array.from({ length: options.numbers ?? 1 }, () => uniqueDigits()),
  };
  await db.adminQuery(
    `insert into whatsapp_connections (id, organization_id, connection_key, name, waba_id, app_secret, verify_token, access_token, new_lead_assignment, demo, created_at, updated_at)
     values ($1, $2, $3, 'Teste', $4, $5, $6, $7, $8, false, now(), now())`,
    [
      connection.id,
      organizationId,
      connection.key,
      connection.wabaId,
      sealWhatsAppSecret("appSecret", connection.appSecret),
      sealWhatsAppSecret("verifyToken", connection.verifyToken),
      sealWhatsAppSecret("accessToken", connection.accessToken),
      options.roundRobin ? "round_robin" : "unassigned",
    ],
  );
  for (const number of connection.numbers) {
    await db.adminQuery(
      `insert into whatsapp_phone_numbers (id, organization_id, connection_id, phone_number_id, display_phone_number, created_at) values ($1, $2, $3, $4, '+55 11 4000-0000', now())`,
      [randomUUID(), organizationId, connection.id, number],
    );
  }
  return connection;
}

/** A webhook body as Meta sends one message to a number (`value` extra fields merged in). */
export function messageBody(phoneNumberId: string, message: Record<string, unknown>, contact?: { waId: string; name: string }) {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "WABA",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "551140000000", phone_number_id: phoneNumberId },
              ...(contact ? { contacts: [{ profile: { name: contact.name }, wa_id: contact.waId }] } : {}),
              messages: [message],
            },
          },
        ],
      },
    ],
  };
}

export function statusBody(phoneNumberId: string, status: Record<string, unknown>) {
  return {
    object: "whatsapp_business_account",
    entry: [{ id: "WABA", changes: [{ field: "messages", value: { messaging_product: "whatsapp", metadata: { display_phone_number: "551140000000", phone_number_id: phoneNumberId }, statuses: [status] } }] }],
  };
}

export function wamid() {
  return `wamid.${randomBytes(16).toString("base64url")}`;
}

export const nowSeconds = (offsetSeconds = 0) => String(Math.floor(Date.now() / 1000) + offsetSeconds);

/** POSTs a body to a connection's webhook URL, signed with `secret` (its own unless told). */
export async function postWebhook(baseUrl: string, connection: Pick<TestConnection, "key" | "appSecret">, body: unknown, options: { secret?: string | null; raw?: Buffer } = {}) {
  const raw = options.raw ?? Buffer.from(JSON.stringify(body));
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  const secret = options.secret === undefined ? connection.appSecret : options.secret;
  if (secret !== null) headers["X-Hub-Signature-256"] = signWhatsAppBody(raw, secret);
  const response = await fetch(`${baseUrl}/webhooks/whatsapp/${connection.key}`, { method: "POST", headers, body: new Uint8Array(raw) });
  return { status: response.status, body: await response.text() };
}

/** Runs every job that is due, as the worker would (ids of jobs that failed stay for their retry). */
export function runJobs(db: TestDatabase) {
  return runOnce({ connectionString: db.ownerUrl, taskList, logger: quietLogger, noHandleSignals: true });
}
