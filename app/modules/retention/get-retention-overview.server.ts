import { RetentionRun, type RetentionRunStatus } from "@db/entities/retention-run";
import { RetentionPolicy } from "@db/entities/retention-policy";
import { toRetentionDays } from "~/modules/privacy/get-retention-policy.server";
import { RETENTION_KINDS, retentionCutoffs, type RetentionKind } from "~/lib/retention";
import { now } from "~/utils/clock.server";
import { withOrganization, type Db } from "~/utils/db.server";

/** Past this many, the page says "more than": counting further would read the whole range for a number nobody needs exactly. */
export const UPCOMING_CAP = 10_000;
const WINDOW_MS = 30 * 86_400_000;

export interface RetentionRunView {
  status: RetentionRunStatus;
  trigger: "schedule" | "manual";
  startedAt: string;
  finishedAt: string | null;
  counts: Record<string, number>;
  error: string | null;
}

export interface RetentionOverview {
  lastRun: RetentionRunView | null;
  /** Per kind, what crosses its period within 30 days (at most UPCOMING_CAP + 1). */
  upcoming: Record<RetentionKind, number>;
}

/** Each kind's items dated in [from, to), along the index the pass itself walks. */
const UPCOMING: Record<RetentionKind, string> = {
  communications: "select 1 from communications where organization_id = ? and redacted_at is null and sent_at >= ? and sent_at < ?",
  media: "select 1 from stored_files where organization_id = ? and created_at >= ? and created_at < ? and kind in ('whatsapp_media', 'call_recording')",
  ai: "select 1 from ai_summaries where organization_id = ? and created_at >= ? and created_at < ?",
  inbox: "select 1 from webhook_inbox where organization_id = ? and received_at >= ? and received_at < ?",
  audit: "select 1 from audit_logs where organization_id = ? and created_at >= ? and created_at < ?",
};

async function countUpcoming(db: Db, organizationId: string, kind: RetentionKind, from: Date) {
  const [{ count }] = await db.execute<{ count: number }[]>(`select count(*)::int as count from (${UPCOMING[kind]} limit ?) upcoming`, [
    organizationId,
    from,
    new Date(from.getTime() + WINDOW_MS),
    UPCOMING_CAP + 1,
  ]);
  return count;
}

/** The privacy page's view of retention: the last pass and what the next 30 days will expire, per kind. */
export async function getRetentionOverview(organizationId: string): Promise<RetentionOverview> {
  return withOrganization(organizationId, async (db) => {
    const run = await db.findOne(RetentionRun, { organization: organizationId }, { orderBy: { startedAt: "desc", id: "desc" } });
    const days = toRetentionDays(await db.findOne(RetentionPolicy, { organization: organizationId }));
    const cutoffs = retentionCutoffs(days, now());
    const upcoming = {} as Record<RetentionKind, number>;
    for (const kind of RETENTION_KINDS) upcoming[kind] = await countUpcoming(db, organizationId, kind, cutoffs[kind]);
    return {
      lastRun: run
        ? {
            status: run.status,
            trigger: run.trigger,
            startedAt: run.startedAt.toISOString(),
            finishedAt: run.finishedAt?.toISOString() ?? null,
            counts: run.counts,
            error: run.error ?? null,
          }
        : null,
      upcoming,
    };
  });
}
