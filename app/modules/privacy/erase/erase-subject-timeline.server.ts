import { now } from "~/utils/clock.server";
import { withOrganization } from "~/utils/db.server";
import { deleteObjects } from "~/modules/files/delete-objects.server";
import { forgetFiles } from "~/modules/files/forget-files.server";
import { redactCommunications } from "~/modules/timeline/redact-communications.server";

/** Small transactions: a live board writing to the same leads never waits long on one. */
const BATCH = 500;

/**
 * Empties every timeline entry of the leads (messages, notes, calls with
 * their transcripts), deletes their media and recordings (objects first, then
 * rows, as retention does) and their AI summaries. Each batch commits on its
 * own, so a retry starts from what is left. Returns the counts.
 */
export async function eraseSubjectTimeline(organizationId: string, leadIds: string[]) {
  const counts = { communications: 0, files: 0, summaries: 0 };
  if (!leadIds.length) return counts;
  for (;;) {
    const files = await withOrganization(organizationId, (db) =>
      db.execute<{ id: string; storageKey: string }[]>(
        `select f.id, f.storage_key as "storageKey" from stored_files f join communications c on c.id = f.communication_id
          where f.organization_id = ? and c.organization_id = ? and c.lead_id = any(array[?]::uuid[]) order by f.id limit ${BATCH}`,
        [organizationId, organizationId, leadIds],
      ),
    );
    if (!files.length) break;
    await deleteObjects(files.map((file) => file.storageKey));
    counts.files += await withOrganization(organizationId, (db) => forgetFiles(db, organizationId, files.map((file) => file.id)));
  }
  for (;;) {
    const redacted = await withOrganization(organizationId, async (db) => {
      const rows = await db.execute<{ id: string }[]>(
        `select id from communications where organization_id = ? and lead_id = any(array[?]::uuid[]) and redacted_at is null limit ${BATCH}`,
        [organizationId, leadIds],
      );
      return redactCommunications(db, organizationId, rows.map((row) => row.id), now());
    });
    if (!redacted.length) break;
    counts.communications += redacted.length;
  }
  counts.summaries = await withOrganization(organizationId, async (db) => {
    const rows = await db.execute<{ id: string }[]>(
      `delete from ai_summaries where organization_id = ? and lead_id = any(array[?]::uuid[]) returning id`,
      [organizationId, leadIds],
    );
    return rows.length;
  });
  return counts;
}
