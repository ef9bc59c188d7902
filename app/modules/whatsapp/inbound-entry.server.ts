import { messagePreview } from "~/modules/timeline/message-preview";
import type { EntryMetadata } from "~/modules/timeline/entry-metadata.server";
import type { WhatsAppMessage } from "./webhook-payload.server";

/** What the timeline keeps of an inbound message (everything but a reaction, which changes the message it reacts to). */
export function inboundEntryOf(message: Exclude<WhatsAppMessage, { type: "reaction" }>, base: { phoneNumberId: string; connectionId: string }) {
  const metadata: EntryMetadata & Record<string, unknown> = { kind: message.type, phoneNumberId: base.phoneNumberId, connectionId: base.connectionId };
  if (message.context?.id) metadata.replyTo = message.context.id;
  let content = "";
  switch (message.type) {
    case "text":
      content = message.body;
      break;
    case "image":
    case "audio":
    case "video":
    case "document":
    case "sticker":
      content = message.caption ?? "";
      metadata.media = {
        kind: message.type,
        mediaId: message.mediaId,
        fileId: null,
        state: "pending",
        mimeType: message.mimeType,
        filename: message.filename ?? null,
        voice: message.voice ?? false,
      };
      break;
    case "location":
      content = [message.name, message.address].filter(Boolean).join(" · ");
      metadata.location = { latitude: message.latitude, longitude: message.longitude, name: message.name ?? null, address: message.address ?? null };
      break;
    case "contacts":
      content = message.contacts.map((contact) => contact.name).join(", ");
      metadata.contacts = message.contacts;
      break;
    case "interactive":
      content = message.description ? `${message.title} — ${message.description}` : message.title;
      break;
    case "button":
      content = message.text;
      break;
    case "unsupported":
      break;
  }
  const preview = messagePreview(content, message.type);
  return { content, metadata, preview, hasMedia: "mediaId" in message };
}
