import { createHash } from "node:crypto";
import { truncateText } from "~/lib/text";
import { withOrganization } from "~/utils/db.server";
import { whatsappProcessWebhookJob } from "~/modules/jobs/definitions/whatsapp__process_webhook.server";
import { recordWebhookItems, type WebhookItem } from "~/modules/webhooks/record-webhook-items.server";
import { findWhatsAppConnectionByKey } from "./find-whatsapp-connection-by-key.server";
import { verifyWhatsAppSignature } from "./webhook-signature.server";
import { parseWhatsAppWebhook, type WhatsAppWebhookItem } from "./webhook-payload.server";

/** Kept of an ignored delivery: enough to see what it was, never a megabyte per row. */
const IGNORED_BODY_CHARS = 16_384;
/** Ignored items kept one by one; the rest of a delivery full of them is counted in the last one's reason. */
const IGNORED_ROWS = 20;

export type WhatsAppWebhookOutcome = "unknown-connection" | "organization-deleted" | "bad-signature" | { stored: number; queued: number };

/**
 * The inbox rows of a delivery: one per message or status, keyed by its
 * provider id; ignored items keyed by the body's digest, the body itself kept
 * once (with the first), at most IGNORED_ROWS of them.
 */
function inboxItemsOf(parsed: WhatsAppWebhookItem[], rawBody: Buffer): WebhookItem[] {
  const digest = createHash("sha256").update(rawBody).digest("hex");
  const items: WebhookItem[] = [];
  const ignored = parsed.flatMap((item) => (item.kind === "ignored" ? [item.reason] : []));
  for (const item of parsed) {
    if (item.kind === "message") items.push({ dedupKey: `message:${item.dedupKey}`, payload: item, status: "pending" });
    if (item.kind === "status") items.push({ dedupKey: `status:${item.dedupKey}`, payload: item, status: "pending" });
  }
  ignored.slice(0, IGNORED_ROWS).forEach((reason, index, kept) => {
    const more = index === kept.length - 1 && ignored.length > kept.length ? ` (and ${ignored.length - kept.length} more ignored items)` : "";
    items.push({
      dedupKey: `ignored:${digest}:${index}`,
      payload: index === 0 ? { body: truncateText(rawBody.toString("utf8"), IGNORED_BODY_CHARS) } : { sameBodyAs: `ignored:${digest}:0` },
      status: "ignored",
      reason: `${reason}${more}`,
    });
  });
  return items;
}

/**
 * A POST to a connection's webhook URL. The signature is checked over the
 * raw bytes with that connection's app secret before anything is parsed;
 * then every item goes to the inbox with its processing job, and nothing
 * else happens on the request path (no Graph call, no lead lookup). A signed
 * body the app does not understand is kept as ignored, with the reason, and
 * still answered 200: Meta would otherwise retry it for days. A deleted
 * organization's URL is refused before the body is even read.
 */
export async function receiveWhatsAppWebhook(input: { connectionKey: string; readBody: () => Promise<Buffer>; signature: string | null }): Promise<WhatsAppWebhookOutcome> {
  const connection = await findWhatsAppConnectionByKey(input.connectionKey);
  if (connection === "organization-deleted") return connection;
  if (!connection) return "unknown-connection";
  const rawBody = await input.readBody();
  if (!verifyWhatsAppSignature(rawBody, input.signature, connection.appSecret)) return "bad-signature";

  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString("utf8"));
  } catch {
    body = undefined;
  }
  const parsed: WhatsAppWebhookItem[] = body === undefined ? [{ kind: "ignored", reason: "body is not JSON" }] : parseWhatsAppWebhook(body);
  const items = inboxItemsOf(parsed, rawBody);
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
