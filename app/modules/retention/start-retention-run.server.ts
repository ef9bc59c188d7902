import { randomUUID } from "node:crypto";
import { RetentionRun } from "@db/entities/retention-run";
import { toRetentionDays } from "~/modules/privacy/get-retention-policy.server";
import { RetentionPolicy } from "@db/entities/retention-policy";
import { expiresBefore, RETENTION_KINDS, RETENTION_LIMITS, type RetentionKind } from "~/lib/retention";
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
 * failed halfway) with the cutoffs it started with, so picking it up never
 * moves the limits; otherwise a new one measured from the clock's time and
 * the organization's policy, each period capped at the plan's default.
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
    if (unfinished) {
      unfinished.status = "running";
      unfinished.error = null;
      return { id: unfinished.id, cutoffs: parseCutoffs(unfinished.cutoffs) };
    }
    const asOf = now();
    const days = toRetentionDays(await db.findOne(RetentionPolicy, { organization: start.organizationId }));
    const cutoffs = Object.fromEntries(
      RETENTION_KINDS.map((kind) => {
        const { minDays, defaultDays } = RETENTION_LIMITS[kind];
        return [kind, expiresBefore(kind, Math.min(Math.max(days[kind], minDays), defaultDays), asOf)];
      }),
    ) as Record<RetentionKind, Date>;
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
