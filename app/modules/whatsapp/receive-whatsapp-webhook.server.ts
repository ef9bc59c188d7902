import { createHash } from "node:crypto";
import { withOrganization } from "~/utils/db.server";
import { whatsappProcessWebhookJob } from "~/modules/jobs/definitions/whatsapp__process_webhook.server";
import { recordWebhookItems, type WebhookItem } from "~/modules/webhooks/record-webhook-items.server";
import { findWhatsAppConnectionByKey } from "./find-whatsapp-connection-by-key.server";
import { verifyWhatsAppSignature } from "./webhook-signature.server";
import { parseWhatsAppWebhook, type WhatsAppWebhookItem } from "./webhook-payload.server";

/** Kept of an ignored delivery: enough to see what it was, never a megabyte per row. */
const IGNORED_BODY_CHARS = 16_384;

export type WhatsAppWebhookOutcome = "unknown-connection" | "bad-signature" | { stored: number; queued: number };

function inboxItemOf(item: WhatsAppWebhookItem, rawDigest: string, index: number, raw: string): WebhookItem {
  switch (item.kind) {
    case "message":
      return { dedupKey: `message:${item.dedupKey}`, payload: item, status: "pending" };
    case "status":
      return { dedupKey: `status:${item.dedupKey}`, payload: item, status: "pending" };
    case "ignored":
      return { dedupKey: `ignored:${rawDigest}:${index}`, payload: { body: raw.slice(0, IGNORED_BODY_CHARS) }, status: "ignored", reason: item.reason };
  }
}

/**
 * A POST to a connection's webhook URL. The signature is checked over the
 * raw bytes with that connection's app secret before anything is parsed;
 * then every item goes to the inbox with its processing job, and nothing
 * else happens on the request path (no Graph call, no lead lookup). A signed
 * body the app does not understand is kept as ignored, with the reason, and
 * still answered 200: Meta would otherwise retry it for days.
 */
export async function receiveWhatsAppWebhook(input: { connectionKey: string; rawBody: Buffer; signature: string | null }): Promise<WhatsAppWebhookOutcome> {
  const connection = await findWhatsAppConnectionByKey(input.connectionKey);
  if (!connection) return "unknown-connection";
  if (!verifyWhatsAppSignature(input.rawBody, input.signature, connection.appSecret)) return "bad-signature";

  const raw = input.rawBody.toString("utf8");
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    body = undefined;
  }
  const parsed: WhatsAppWebhookItem[] = body === undefined ? [{ kind: "ignored", reason: "body is not JSON" }] : parseWhatsAppWebhook(body);
  const digest = createHash("sha256").update(input.rawBody).digest("hex");
  const items = parsed.map((item, index) => inboxItemOf(item, digest, index, raw));
  return withOrganization(connection.organizationId, (db) =>
    recordWebhookItems(db, {
      organizationId: connection.organizationId,
      provider: "whatsapp",
      connectionId: connection.id,
      items,
      job: whatsappProcessWebhookJob,
    }),
  );
}
