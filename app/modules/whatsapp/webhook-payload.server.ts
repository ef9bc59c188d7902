import { z } from "zod";
import { firstIssue, graphErrorItem, normalizeMessage, unixSeconds, waId, type WhatsAppMessage } from "./webhook-message.server";

export type { WhatsAppMessage };

export type WhatsAppStatusName = "sent" | "delivered" | "read" | "failed";

export interface WhatsAppStatus {
  /** The wamid of the message the business sent. */
  id: string;
  status: WhatsAppStatusName;
  timestamp: Date;
  recipientId: string;
  errors?: { code: number; title: string; message?: string; details?: string }[];
}

/** One thing a webhook delivery told the app, with the key that makes storing it idempotent. */
export type WhatsAppWebhookItem =
  | {
      kind: "message";
      phoneNumberId: string;
      displayPhoneNumber: string;
      contact?: { waId: string; profileName: string };
      message: WhatsAppMessage;
      dedupKey: string;
    }
  | { kind: "status"; phoneNumberId: string; status: WhatsAppStatus; dedupKey: string }
  | { kind: "ignored"; reason: string };

// Meta batches at most a few hundred items per delivery; these caps only stop a forged body from making the app loop for long.
const MAX_ENTRIES = 100;
const MAX_CHANGES = 100;
const MAX_ITEMS = 1000;
// A genuine payload nests about ten levels deep.
const MAX_DEPTH = 32;

const envelope = z.object({ object: z.string().max(128), entry: z.array(z.unknown()).max(MAX_ENTRIES) });
const entry = z.object({ changes: z.array(z.unknown()).max(MAX_CHANGES) });
const change = z.object({ field: z.string().max(128), value: z.unknown() });
const value = z.object({
  metadata: z.object({ phone_number_id: z.string().min(1).max(64), display_phone_number: z.string().max(64) }),
  contacts: z.array(z.unknown()).max(MAX_ITEMS).optional(),
  messages: z.array(z.unknown()).max(MAX_ITEMS).optional(),
  statuses: z.array(z.unknown()).max(MAX_ITEMS).optional(),
});
const contact = z.object({ wa_id: waId, profile: z.object({ name: z.string().max(256) }).optional() });
const status = z.object({
  id: z.string().min(1).max(256),
  status: z.enum(["sent", "delivered", "read", "failed"]),
  timestamp: unixSeconds,
  recipient_id: z.string().min(1).max(64),
  errors: z.array(graphErrorItem).max(10).optional(),
  // conversation and pricing arrive too; the app does not bill, so they are not kept.
});

/**
 * A verified, JSON-parsed webhook body → every message and status in it, in
 * order. Lenient per item: an unreadable message is one `ignored` item and its
 * siblings still come through. Never throws.
 */
export function parseWhatsAppWebhook(body: unknown): WhatsAppWebhookItem[] {
  if (nestedDeeperThan(body, MAX_DEPTH)) return [ignored(`body nested deeper than ${MAX_DEPTH} levels`)];
  const parsed = envelope.safeParse(body);
  if (!parsed.success) return [ignored(`not a webhook body (${firstIssue(parsed.error)})`)];
  if (parsed.data.object !== "whatsapp_business_account") return [ignored(`object "${parsed.data.object}" is not whatsapp_business_account`)];
  return parsed.data.entry.flatMap((rawEntry, index) => {
    const read = entry.safeParse(rawEntry);
    if (!read.success) return [ignored(`entry ${index}: ${firstIssue(read.error)}`)];
    return read.data.changes.flatMap((rawChange) => itemsOfChange(rawChange));
  });
}

function itemsOfChange(rawChange: unknown): WhatsAppWebhookItem[] {
  const read = change.safeParse(rawChange);
  if (!read.success) return [ignored(`change: ${firstIssue(read.error)}`)];
  if (read.data.field !== "messages") return [ignored(`field "${read.data.field}" is not handled`)];
  const content = value.safeParse(read.data.value);
  if (!content.success) return [ignored(`messages change: ${firstIssue(content.error)}`)];
  const { metadata, contacts = [], messages = [], statuses = [] } = content.data;
  if (messages.length === 0 && statuses.length === 0) return [ignored("messages change with neither messages nor statuses")];
  const phoneNumberId = metadata.phone_number_id;
  const profiles = contacts.flatMap((raw) => {
    const card = contact.safeParse(raw);
    return card.success ? [{ waId: card.data.wa_id, profileName: card.data.profile?.name ?? "" }] : [];
  });
  const messageItems = messages.map((raw): WhatsAppWebhookItem => {
    const read = normalizeMessage(raw);
    if (!read.ok) return ignored(read.reason);
    const sender = profiles.find((profile) => profile.waId === read.message.from);
    return {
      kind: "message",
      phoneNumberId,
      displayPhoneNumber: metadata.display_phone_number,
      ...(sender ? { contact: sender } : {}),
      message: read.message,
      dedupKey: read.message.id,
    };
  });
  const statusItems = statuses.map((raw): WhatsAppWebhookItem => {
    const read = status.safeParse(raw);
    if (!read.success) return ignored(`status: ${firstIssue(read.error)}`);
    const { id, status: name, timestamp, recipient_id, errors } = read.data;
    const normalized: WhatsAppStatus = { id, status: name, timestamp, recipientId: recipient_id };
    if (errors?.length) {
      normalized.errors = errors.map((error) => ({
        code: error.code,
        title: error.title,
        ...(error.message !== undefined ? { message: error.message } : {}),
        ...(error.error_data?.details !== undefined ? { details: error.error_data.details } : {}),
      }));
    }
    return { kind: "status", phoneNumberId, status: normalized, dedupKey: `${id}:${name}` };
  });
  return [...messageItems, ...statusItems];
}

function ignored(reason: string): WhatsAppWebhookItem {
  return { kind: "ignored", reason };
}

// Iterative, so measuring a hostile body cannot itself overflow the stack.
function nestedDeeperThan(root: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[root, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth >= limit) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}
