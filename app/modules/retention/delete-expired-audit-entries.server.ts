import type { Db } from "~/utils/db.server";

/** One batch of audit entries past the audit period deleted, oldest first. */
export async function deleteExpiredAuditEntries(db: Db, organizationId: string, cutoff: Date, limit: number) {
  // Materialized: a locking LIMIT subquery inlined into the delete may be evaluated again and pick fewer rows.
  const rows = await db.execute<{ id: string }[]>(
    `with picked as materialized (
       select id from audit_logs where organization_id = ? and created_at < ? order by created_at, id limit ? for update skip locked)
     delete from audit_logs gone using picked where gone.organization_id = ? and gone.id = picked.id
     returning gone.id`,
    [organizationId, cutoff, limit, organizationId],
  );
  return rows.length;
}
