import { withOrganization, type Db } from "~/utils/db.server";
import { FileTooLargeError, storeFile } from "~/modules/files/store-file.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { readEntryMetadata } from "~/modules/timeline/entry-metadata.server";
import { GraphApiError } from "./graph-api-error.server";
import { createGraphClient } from "./graph-client.server";
import { graphTargetOf } from "./graph-target.server";
import { loadWhatsAppConnection } from "./load-whatsapp-connection.server";

/** Meta's own limits per kind (larger is not a WhatsApp file). */
const MAX_BYTES = { image: 5 << 20, sticker: 512 << 10, audio: 16 << 20, video: 16 << 20, document: 100 << 20 } as const;

/** Whether what Meta serves is the kind of file the message declared (a picture is an image/*, never HTML). */
function fits(kind: keyof typeof MAX_BYTES, mimeType: string) {
  const type = mimeType.split(";")[0].trim().toLowerCase();
  if (kind === "image" || kind === "sticker") return type.startsWith("image/") && type !== "image/svg+xml";
  if (kind === "audio") return type.startsWith("audio/") || type === "application/ogg";
  if (kind === "video") return type.startsWith("video/");
  return type.length > 0;
}

async function markMedia(db: Db, organizationId: string, communicationId: string, media: Record<string, unknown>) {
  const [row] = await db.execute<{ lead_id: string; direction: "inbound" | "outbound"; status: string | null }[]>(
    `update communications set metadata = jsonb_set(metadata, '{media}', metadata->'media' || ?::jsonb), updated_at = now()
      where organization_id = ? and id = ? returning lead_id, direction, status`,
    [JSON.stringify(media), organizationId, communicationId],
  );
  if (!row) return;
  await recordEvent(db, organizationId, {
    type: "message.updated",
    data: { messageId: communicationId, leadId: row.lead_id, channel: "whatsapp", direction: row.direction, status: row.status },
    actor: null,
  });
}

/**
 * Brings an inbound message's media from Meta into storage: the media's
 * metadata (a URL valid for minutes), then the bytes with the connection's
 * token, checked against the declared kind and Meta's size limit, stored
 * under the organization's prefix. Network calls run outside transactions.
 * A failure marks the media unavailable (the text shows regardless) and is
 * thrown again while retrying can help; "done" once stored, or nothing is left to do.
 */
export async function fetchWhatsAppMedia(input: { organizationId: string; communicationId: string }, options: { lastAttempt: boolean }) {
  const { organizationId, communicationId } = input;
  const found = await withOrganization(organizationId, async (db) => {
    const [row] = await db.execute<{ metadata: Record<string, unknown> }[]>(`select metadata from communications where organization_id = ? and id = ?`, [
      organizationId,
      communicationId,
    ]);
    if (!row) return null;
    const metadata = readEntryMetadata(row.metadata, "text");
    const connectionId = typeof row.metadata.connectionId === "string" ? row.metadata.connectionId : null;
    const connection = connectionId ? await loadWhatsAppConnection(db, organizationId, connectionId) : null;
    return metadata.media && metadata.media.state !== "stored" && metadata.media.mediaId && connection ? { media: metadata.media, connection } : null;
  });
  if (!found) return "done" as const;
  const { media, connection } = found;
  const graph = createGraphClient({ ...graphTargetOf(connection), accessToken: connection.accessToken });
  try {
    const described = await graph.getMedia(media.mediaId!);
    const maxBytes = MAX_BYTES[media.kind];
    const download = await graph.downloadMedia(described.url, { maxBytes });
    const mimeType = described.mimeType || download.mimeType || media.mimeType || "application/octet-stream";
    if (!fits(media.kind, mimeType)) throw new MediaRefused(`served as ${mimeType.slice(0, 100)}, declared as ${media.kind}`);
    const file = await storeFile({ organizationId, kind: "whatsapp_media", contentType: mimeType, originalName: media.filename ?? undefined, body: download.body, maxBytes, communicationId });
    await withOrganization(organizationId, (db) => markMedia(db, organizationId, communicationId, { fileId: file.id, state: "stored", mimeType: file.contentType }));
    return "done" as const;
  } catch (error) {
    const permanent = error instanceof MediaRefused || error instanceof FileTooLargeError || (error instanceof GraphApiError && !error.transient);
    if (media.state !== "failed") await withOrganization(organizationId, (db) => markMedia(db, organizationId, communicationId, { state: "failed" }));
    if (permanent || options.lastAttempt) return "failed" as const;
    throw error;
  }
}

/** The file is not what the message said it was: retrying would fetch the same. */
class MediaRefused extends Error {
  constructor(reason: string) {
    super(`media refused: ${reason}`);
    this.name = "MediaRefused";
  }
}
