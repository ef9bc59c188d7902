import { randomUUID } from "node:crypto";
import { Communication } from "@db/entities/communication";
import type { Db } from "~/utils/db.server";
import { enqueueJob } from "~/modules/jobs/enqueue-job.server";
import { whatsappSendMessageJob } from "~/modules/jobs/definitions/whatsapp__send_message.server";
import { scheduleLeadSummary } from "~/modules/ai/schedule-lead-summary.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import type { EntryMetadata } from "~/modules/timeline/entry-metadata.server";
import { messagePreview } from "~/modules/timeline/message-preview";
import { recordLeadContact } from "~/modules/timeline/record-lead-contact.server";
import type { TimelineActor } from "~/modules/timeline/timeline-actor";
import type { WhatsAppSendTarget } from "./prepare-whatsapp-send.server";

/**
 * The outbound message as a `queued` timeline row, its event, the lead's last
 * contact (never its version) and the job that sends it, all in the caller's
 * transaction: the job exists iff the row does.
 */
export async function queueWhatsAppMessage(
  db: Db,
  actor: TimelineActor,
  target: WhatsAppSendTarget,
  input: { content: string; metadata: EntryMetadata },
) {
  // JS time (ms precision), like every other timeline row: pages are keyset on sent_at.
  const sentAt = new Date();
  const row = db.create(Communication, {
    id: randomUUID(),
    organization: actor.organizationId,
    lead: target.leadId,
    author: actor.userId,
    channel: "whatsapp",
    direction: "outbound",
    content: input.content,
    metadata: { ...input.metadata, phoneNumberId: target.phoneNumberId },
    status: "queued",
    sentAt,
  });
  await db.flush();
  const eventActor = { id: actor.userId, name: actor.userName };
  const contact = await recordLeadContact(db, actor.organizationId, { leadId: target.leadId, at: sentAt, channel: "whatsapp", inbound: false, actor: eventActor });
  await recordEvent(db, actor.organizationId, {
    type: "message.created",
    data: {
      messageId: row.id,
      leadId: target.leadId,
      channel: "whatsapp",
      direction: "outbound",
      status: "queued",
      preview: messagePreview(input.content, input.metadata.kind),
      assigneeId: contact?.assigneeId ?? null,
    },
    actor: eventActor,
  });
  await enqueueJob(db, whatsappSendMessageJob, { organizationId: actor.organizationId, communicationId: row.id });
  await scheduleLeadSummary(db, actor.organizationId, target.leadId);
  return { messageId: row.id };
}
