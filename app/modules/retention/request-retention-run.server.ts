import { RetentionRun } from "@db/entities/retention-run";
import { message } from "~/i18n/catalogue";
import { enqueueJob } from "~/modules/jobs/enqueue-job.server";
import { retentionRunOrganizationJob } from "~/modules/jobs/definitions/retention__run_organization.server";
import { now } from "~/utils/clock.server";
import { withOrganization } from "~/utils/db.server";
import { DomainRefusal } from "~/utils/refusal.server";

/**
 * A run still `running` this long after it started is taken for one whose
 * worker died (a pass over a large organization takes minutes): "run now"
 * then resumes it instead of being refused until the next night.
 */
const PRESUMED_DEAD_AFTER_MS = 60 * 60_000;

/**
 * An owner's "run now": queues the organization's pass at once (the job key
 * folds it into a pass already queued), refused while one is running. The
 * run's audit entry names the owner when it finishes.
 */
export async function requestRetentionRun(actor: { organizationId: string; userId: string }) {
  await withOrganization(actor.organizationId, async (db) => {
    const running = await db.count(RetentionRun, {
      organization: actor.organizationId,
      status: "running",
      startedAt: { $gt: new Date(now().getTime() - PRESUMED_DEAD_AFTER_MS) },
    });
    if (running) throw new DomainRefusal(message("privacy.retention.error.running"), { status: 409, code: "retention_running" });
    await enqueueJob(db, retentionRunOrganizationJob, { organizationId: actor.organizationId, trigger: "manual", requestedBy: actor.userId });
  });
}
