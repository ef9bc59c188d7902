import { RealtimeEvent } from "@db/entities/realtime-event";
import { executeWithoutTenant, withOrganization } from "~/utils/db.server";

/** Replay window: clients get every missed event for at least 10 minutes, so keep 15. */
export const EVENT_RETENTION_MS = 15 * 60_000;

/**
 * Deletes events older than the replay window. realtime_events is under
 * forced row-level security, so the cleanup walks the organization ids (the
 * one narrow cross-tenant function `list_organization_ids`) and deletes inside
 * each one's own scope.
 */
export async function purgeEvents(retentionMs = EVENT_RETENTION_MS) {
  const cutoff = new Date(Date.now() - retentionMs);
  const organizations = await executeWithoutTenant<{ id: string }>(`select id from list_organization_ids() as id`);
  let purged = 0;
  for (const { id } of organizations) {
    purged += await withOrganization(id, (db) => db.nativeDelete(RealtimeEvent, { organization: id, createdAt: { $lt: cutoff } }));
  }
  return { organizations: organizations.length, purged };
}
