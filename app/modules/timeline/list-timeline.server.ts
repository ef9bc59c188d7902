import { TIMELINE_PAGE_SIZE, type TimelinePage } from "~/lib/timeline";
import type { Db } from "~/utils/db.server";
import { toTimelineEntry, type TimelineRow } from "./entry-metadata.server";
import { encodeTimelineCursor, type TimelineCursor } from "./timeline-cursor.server";

/**
 * One page of a lead's timeline, newest first, older than `before` when
 * given. One statement on the (organization, lead, sent_at desc, id desc)
 * index; one more to name the authors.
 */
export async function listTimeline(db: Db, organizationId: string, leadId: string, before: TimelineCursor | null): Promise<TimelinePage> {
  const rows = await db.execute<TimelineRow[]>(
    `select id, channel, direction, content, status, metadata, author_id, sent_at, edited_at, redacted_at
       from communications
      where organization_id = ? and lead_id = ?${before ? " and (sent_at, id) < (?, ?)" : ""}
      order by sent_at desc, id desc
      limit ?`,
    [organizationId, leadId, ...(before ? [before.sentAt, before.id] : []), TIMELINE_PAGE_SIZE + 1],
  );
  const page = rows.slice(0, TIMELINE_PAGE_SIZE);
  const authorIds = [...new Set(page.map((row) => row.author_id).filter((id): id is string => id !== null))];
  const names = new Map(
    authorIds.length
      ? (
          await db.execute<{ id: string; full_name: string }[]>(`select id, full_name from find_user_names(array[?]::uuid[])`, [authorIds])
        ).map((user) => [user.id, user.full_name])
      : [],
  );
  const last = page.at(-1);
  return {
    entries: page.map((row) => toTimelineEntry(row, (id) => (id ? (names.get(id) ?? null) : null))),
    nextCursor: rows.length > TIMELINE_PAGE_SIZE && last ? encodeTimelineCursor({ sentAt: new Date(last.sent_at), id: last.id }) : null,
  };
}
