import type { PrivacyRequestKind, PrivacyRequestStatus } from "@db/entities/privacy-request";
import { now } from "~/utils/clock.server";
import { withOrganization } from "~/utils/db.server";
import { readLastEventId } from "~/modules/realtime/read-events.server";

/** The newest requests the page lists; older ones stay in the table and the audit log. */
const LISTED = 100;

export interface PrivacyRequestItem {
  id: string;
  kind: PrivacyRequestKind;
  status: PrivacyRequestStatus;
  progress: number;
  /** The leads it covers that still exist (a deletion leaves them anonymized). */
  leads: { id: string; fullName: string }[];
  leadCount: number;
  receivedAt: string;
  dueAt: string;
  completedAt: string | null;
  /** Not done and past its due date, by the app's clock. */
  overdue: boolean;
  /** A short reason code when the job failed. */
  error: string | null;
  /** A finished export still downloadable: its file and until when. */
  export: { fileId: string; expiresAt: string } | null;
}

interface Row {
  id: string;
  kind: PrivacyRequestKind;
  status: PrivacyRequestStatus;
  progress: number;
  leadIds: string[];
  leads: { id: string; fullName: string }[];
  receivedAt: Date;
  dueAt: Date;
  completedAt: Date | null;
  error: string | null;
  exportFile: string | null;
  exportExpiresAt: Date | null;
}

/** The organization's data-subject requests, newest first, and the stream id the page listens from. */
export async function listPrivacyRequests(organizationId: string) {
  return withOrganization(organizationId, async (db) => {
    const rows = await db.execute<Row[]>(
      `select r.id, r.kind, r.status, r.progress, r.lead_ids as "leadIds",
              coalesce((select json_agg(json_build_object('id', l.id, 'fullName', l.full_name) order by l.created_at, l.id)
                          from leads l where l.organization_id = r.organization_id and l.id = any(r.lead_ids::uuid[])), '[]') as leads,
              r.received_at as "receivedAt", r.due_at as "dueAt", r.completed_at as "completedAt", r.error,
              r.export_file_id as "exportFile", r.export_expires_at as "exportExpiresAt"
         from privacy_requests r
        where r.organization_id = ?
        order by r.received_at desc, r.id desc
        limit ?`,
      [organizationId, LISTED],
    );
    const lastEventId = await readLastEventId(db, organizationId);
    const at = now().getTime();
    const requests = rows.map(
      (row): PrivacyRequestItem => ({
        id: row.id,
        kind: row.kind,
        status: row.status,
        progress: row.progress,
        leads: row.leads,
        leadCount: row.leadIds.length,
        receivedAt: new Date(row.receivedAt).toISOString(),
        dueAt: new Date(row.dueAt).toISOString(),
        completedAt: row.completedAt ? new Date(row.completedAt).toISOString() : null,
        overdue: row.status !== "done" && new Date(row.dueAt).getTime() < at,
        error: row.error,
        export:
          row.exportFile && row.exportExpiresAt && new Date(row.exportExpiresAt).getTime() > at
            ? { fileId: row.exportFile, expiresAt: new Date(row.exportExpiresAt).toISOString() }
            : null,
      }),
    );
    return { requests, lastEventId };
  });
}
