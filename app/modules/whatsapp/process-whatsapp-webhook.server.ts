import type { Db } from "~/utils/db.server";
import { processInboxItem, type InboxOutcome, type InboxRow } from "~/modules/webhooks/process-inbox-item.server";
import { enqueueJob } from "~/modules/jobs/enqueue-job.server";
import { whatsappFetchMediaJob } from "~/modules/jobs/definitions/whatsapp__fetch_media.server";
import { findOrCreateLeadByPhone } from "~/modules/leads/find-or-create-lead-by-phone.server";
import { scheduleLeadSummary } from "~/modules/ai/schedule-lead-summary.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { appendTimelineEntry } from "~/modules/timeline/append-timeline-entry.server";
import { recordLeadContact } from "~/modules/timeline/record-lead-contact.server";
import { applyWhatsAppReaction } from "./apply-whatsapp-reaction.server";
import { applyWhatsAppStatus } from "./apply-whatsapp-status.server";
import { pickNewLeadAssignee } from "./pick-new-lead-assignee.server";
import { inboundEntryOf } from "./inbound-entry.server";
import { loadWhatsAppConnection } from "./load-whatsapp-connection.server";
import type { WhatsAppMessage, WhatsAppWebhookItem } from "./webhook-payload.server";

/** Attempts a status waits for its message's id (the send job stores it) before it is set aside. */
const STATUS_ATTEMPTS = 6;

type Item = Exclude<WhatsAppWebhookItem, { kind: "ignored" }>;


/** The stored item with its dates back (the inbox keeps JSON). */
function reviveItem(payload: Record<string, unknown>): Item {
  const item = payload as unknown as Item;
  if (item.kind === "message") return { ...item, message: { ...item.message, timestamp: new Date(item.message.timestamp) } as WhatsAppMessage };
  return { ...item, status: { ...item.status, timestamp: new Date(item.status.timestamp) } };
}

async function receiveMessage(db: Db, organizationId: string, connectionId: string, item: Extract<Item, { kind: "message" }>): Promise<InboxOutcome> {
  // A signed timestamp from the future would hold the 24-hour window open and pin the message to the top: it is never later than now.
  const message = { ...item.message, timestamp: new Date(Math.min(item.message.timestamp.getTime(), Date.now())) };
  const lead = await findOrCreateLeadByPhone(db, organizationId, {
    phone: `+${message.from}`,
    name: item.contact?.waId === message.from ? item.contact.profileName : null,
    via: "whatsapp",
    pickAssignee: () => pickNewLeadAssignee(db, organizationId, connectionId),
  });
  if (message.type === "reaction") {
    const applied = await applyWhatsAppReaction(db, organizationId, { leadId: lead.id, targetMessageId: message.targetMessageId, emoji: message.emoji });
    return applied ? { status: "processed" } : { status: "ignored", reason: "reaction to a message this lead's timeline does not have" };
  }
  const entry = inboundEntryOf(message, { phoneNumberId: item.phoneNumberId, connectionId });
  const row = await appendTimelineEntry(db, organizationId, {
    leadId: lead.id,
    channel: "whatsapp",
    direction: "inbound",
    externalId: message.id,
    content: entry.content,
    status: "received",
    metadata: entry.metadata,
    sentAt: message.timestamp,
  });
  if (!row) return { status: "ignored", reason: "message already on the timeline" };
  const touched = await recordLeadContact(db, organizationId, { leadId: lead.id, at: message.timestamp, channel: "whatsapp", inbound: true, actor: null });
  await recordEvent(db, organizationId, {
    type: "message.created",
    data: {
      messageId: row.id,
      leadId: lead.id,
      channel: "whatsapp",
      direction: "inbound",
      status: "received",
      preview: entry.preview,
      assigneeId: touched?.assigneeId ?? null,
    },
    actor: null,
  });
  if (entry.hasMedia) await enqueueJob(db, whatsappFetchMediaJob, { organizationId, communicationId: row.id });
  await scheduleLeadSummary(db, organizationId, lead.id);
  return { status: "processed" };
}

async function processItem(db: Db, organizationId: string, inbox: InboxRow): Promise<InboxOutcome> {
  const connection = inbox.connection_id ? await loadWhatsAppConnection(db, organizationId, inbox.connection_id) : null;
  if (!connection) return { status: "rejected", reason: "the connection it came through no longer exists" };
  const item = reviveItem(inbox.payload);
  // Routing is by the connection, then checked against the payload: a number of another connection is refused, never guessed.
  if (!connection.phoneNumbers.some((number) => number.phoneNumberId === item.phoneNumberId)) {
    return { status: "rejected", reason: `phone number id ${item.phoneNumberId} is not one of this connection's numbers` };
  }
  if (item.kind === "message") return receiveMessage(db, organizationId, connection.id, item);
  const applied = await applyWhatsAppStatus(db, organizationId, item.phoneNumberId, item.status);
  if (applied === "applied") return { status: "processed" };
  if (applied === "stale") return { status: "ignored", reason: `status ${item.status.status} arrived after a later one` };
  if (inbox.attempts + 1 >= STATUS_ATTEMPTS) return { status: "ignored", reason: "status for a message this organization has not sent" };
  return { status: "retry", reason: "status for a message whose id is not stored yet" };
}

/** One WhatsApp inbox item onto its lead's timeline (worker); "retry" when a status waits for its message's id. */
export async function processWhatsAppWebhook(input: { organizationId: string; inboxId: string }): Promise<"done" | "retry"> {
  return processInboxItem({ ...input, provider: "whatsapp" }, (db, inbox) => processItem(db, input.organizationId, inbox));
}
