import { randomUUID } from "node:crypto";
import type { ContactChannel } from "~/lib/lead-enums";
import type { Db } from "~/utils/db.server";
import type { EntryMetadata } from "./entry-metadata.server";

/**
 * A timeline entry from a provider (a WhatsApp message, later a call), keyed
 * by the provider's id: unique per channel in the organization, so a second
 * delivery of the same message finds the first and adds nothing. Null then.
 * `sentAt` is a JS Date (millisecond precision): timeline pages are keyset
 * pages on it.
 */
export async function appendTimelineEntry(
  db: Db,
  organizationId: string,
  entry: {
    leadId: string;
    channel: ContactChannel;
    direction: "inbound" | "outbound";
    externalId: string;
    content: string;
    status: string;
    metadata: EntryMetadata & Record<string, unknown>;
    sentAt: Date;
    authorId?: string | null;
  },
): Promise<{ id: string } | null> {
  const [row] = await db.execute<{ id: string }[]>(
    `insert into communications (id, organization_id, lead_id, author_id, channel, direction, content, metadata, external_id, status, sent_at, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, now(), now())
     on conflict (organization_id, channel, external_id) do nothing
     returning id`,
    [
      randomUUID(),
      organizationId,
      entry.leadId,
      entry.authorId ?? null,
      entry.channel,
      entry.direction,
      entry.content,
      JSON.stringify(entry.metadata),
      entry.externalId,
      entry.status,
      entry.sentAt,
    ],
  );
  return row ?? null;
}
