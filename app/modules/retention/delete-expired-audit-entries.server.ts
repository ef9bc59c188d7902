import type { Db } from "~/utils/db.server";

/** One batch of audit entries past the audit period deleted, oldest first. */
export async function deleteExpiredAuditEntries(db: Db, organizationId: string, cutoff: Date, limit: number) {
  const rows = await db.execute<{ id: string }[]>(
    `delete from audit_logs where organization_id = ? and id in (
       select id from audit_logs where organization_id = ? and created_at < ? order by created_at, id limit ? for update skip locked)
     returning id`,
    [organizationId, organizationId, cutoff, limit],
  );
  return rows.length;
}
