import { randomUUID } from "node:crypto";
import { RetentionRun } from "@db/entities/retention-run";
import { toRetentionDays } from "~/modules/privacy/get-retention-policy.server";
import { RetentionPolicy } from "@db/entities/retention-policy";
import { RETENTION_KINDS, retentionCutoffs, type RetentionKind } from "~/lib/retention";
import { now } from "~/utils/clock.server";
import { withOrganization } from "~/utils/db.server";

export interface RetentionRunStart {
  organizationId: string;
  trigger: "schedule" | "manual";
  requestedBy: string | null;
}

export interface StartedRun {
  id: string;
  cutoffs: Record<RetentionKind, Date>;
}

/**
 * The run a pass works on: the organization's unfinished one (killed or
 * failed halfway), measured from the time it started, so picking it up never
 * widens its limits with a later clock; otherwise a new one measured from the
 * clock's time. Either way the cutoffs come from the policy as it is now: a
 * resume never erases what a period lengthened since the run started keeps
 * (each kind takes the older of the run's cutoff and the current one).
 */
export async function startRetentionRun(start: RetentionRunStart): Promise<StartedRun> {
  return withOrganization(start.organizationId, async (db) => {
    // Two workers starting the same organization at once would otherwise both create a run.
    await db.execute("select pg_advisory_xact_lock(hashtext('retention_run:' || ?))", [start.organizationId]);
    const unfinished = await db.findOne(
      RetentionRun,
      { organization: start.organizationId, status: { $in: ["running", "failed"] }, finishedAt: null },
      { orderBy: { startedAt: "desc" } },
    );
    const days = toRetentionDays(await db.findOne(RetentionPolicy, { organization: start.organizationId }));
    if (unfinished) {
      const stored = parseCutoffs(unfinished.cutoffs);
      const current = retentionCutoffs(days, unfinished.asOf);
      const cutoffs = Object.fromEntries(
        RETENTION_KINDS.map((kind) => [kind, new Date(Math.min(stored[kind].getTime(), current[kind].getTime()))]),
      ) as Record<RetentionKind, Date>;
      unfinished.status = "running";
      unfinished.error = null;
      unfinished.cutoffs = Object.fromEntries(RETENTION_KINDS.map((kind) => [kind, cutoffs[kind].toISOString()]));
      return { id: unfinished.id, cutoffs };
    }
    const asOf = now();
    const cutoffs = retentionCutoffs(days, asOf);
    const run = db.create(RetentionRun, {
      id: randomUUID(),
      organization: start.organizationId,
      status: "running",
      trigger: start.trigger,
      requestedBy: start.requestedBy,
      asOf,
      cutoffs: Object.fromEntries(RETENTION_KINDS.map((kind) => [kind, cutoffs[kind].toISOString()])),
      counts: {},
      startedAt: asOf,
    });
    return { id: run.id, cutoffs };
  });
}

function parseCutoffs(stored: Record<string, string>) {
  return Object.fromEntries(RETENTION_KINDS.map((kind) => [kind, new Date(stored[kind])])) as Record<RetentionKind, Date>;
}
