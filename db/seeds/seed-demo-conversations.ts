import { randomUUID } from "node:crypto";
import { Communication } from "../entities/communication";
import { withOrganization } from "../../app/utils/db.server";
import { storeFile } from "../../app/modules/files/store-file.server";
import { appendTimelineEntry } from "../../app/modules/timeline/append-timeline-entry.server";
import type { EntryMetadata } from "../../app/modules/timeline/entry-metadata.server";
import type { DemoChat, DemoChatMedia, DemoChatMessage } from "./demo-conversations";
import { storefrontPng, voiceNoteWav } from "./demo-media";

interface ChatLead {
  id: string;
  assigneeId: string;
  chat: DemoChat;
}

const MEDIA: Record<DemoChatMedia, { kind: "image" | "audio"; mimeType: string; voice: boolean; bytes: () => Buffer }> = {
  "storefront-photo": { kind: "image", mimeType: "image/png", voice: false, bytes: () => storefrontPng() },
  "voice-note": { kind: "audio", mimeType: "audio/wav", voice: true, bytes: () => voiceNoteWav() },
};

/** Stores a chat's pictures and voice notes as the media worker would have; their file ids, by message. */
async function storeChatMedia(organizationId: string, messages: DemoChatMessage[]) {
  const fileIds = new Map<DemoChatMessage, string>();
  for (const message of messages) {
    if (!message.media) continue;
    const media = MEDIA[message.media];
    const body = media.bytes();
    const stored = await storeFile({ organizationId, kind: "whatsapp_media", contentType: media.mimeType, body, maxBytes: body.length });
    fileIds.set(message, stored.id);
  }
  return fileIds;
}

function metadataOf(message: DemoChatMessage, base: { phoneNumberId: string; connectionId: string }, fileId: string | undefined) {
  const metadata: EntryMetadata & Record<string, unknown> = { kind: message.template ? "template" : "text", ...base };
  if (message.media) {
    const media = MEDIA[message.media];
    metadata.kind = media.kind;
    metadata.media = { kind: media.kind, mediaId: null, fileId, state: "stored", mimeType: media.mimeType, filename: null, voice: media.voice };
  }
  if (message.template) metadata.template = message.template;
  if (message.error) metadata.error = message.error;
  return metadata;
}

/**
 * Writes demo WhatsApp histories onto their leads as the inbound pipeline and
 * the media worker would have left them: messages keyed by demo `wamid`s,
 * media stored and linked to their message, the assignee's notes, and the
 * lead's last contact, WhatsApp window and unread count.
 */
export async function addDemoConversations(
  organizationId: string,
  whatsapp: { connectionId: string; phoneNumberId: string; messageIdPrefix: string },
  leads: ChatLead[],
) {
  const now = Date.now();
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000);
  const files = await Promise.all(leads.map((lead) => storeChatMedia(organizationId, lead.chat.messages)));
  await withOrganization(organizationId, async (db) => {
    for (const [leadIndex, { id: leadId, assigneeId, chat }] of leads.entries()) {
      for (const [index, message] of chat.messages.entries()) {
        const fileId = files[leadIndex].get(message);
        const row = await appendTimelineEntry(db, organizationId, {
          leadId,
          channel: "whatsapp",
          direction: message.direction,
          externalId: `${whatsapp.messageIdPrefix}.${leadIndex + 1}.${index + 1}`,
          content: message.text,
          status: message.direction === "inbound" ? "received" : (message.status ?? "sent"),
          metadata: metadataOf(message, { phoneNumberId: whatsapp.phoneNumberId, connectionId: whatsapp.connectionId }, fileId),
          sentAt: at(message.minutesAgo),
          authorId: message.direction === "outbound" ? assigneeId : null,
        });
        if (fileId && row) await db.execute(`update stored_files set communication_id = ? where id = ?`, [row.id, fileId]);
      }
      for (const note of chat.notes) {
        db.create(Communication, {
          id: randomUUID(),
          organization: organizationId,
          lead: leadId,
          author: assigneeId,
          channel: "note",
          direction: "internal",
          content: note.content,
          metadata: { kind: "note" },
          sentAt: at(note.minutesAgo),
        });
      }
      const newest = (messages: DemoChatMessage[]) => at(Math.min(...messages.map((message) => message.minutesAgo)));
      await db.execute(
        `update leads set last_contact_at = ?, last_contact_channel = 'whatsapp', last_inbound_at = ?, unread_count = ? where organization_id = ? and id = ?`,
        [newest(chat.messages), newest(chat.messages.filter((message) => message.direction === "inbound")), chat.unread, organizationId, leadId],
      );
    }
  });
}
