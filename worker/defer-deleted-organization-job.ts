import type { JobHelpers } from "graphile-worker";
import { now } from "~/utils/clock.server";

/** Past `purge_after` the purge is due within the hour; a job found then waits that long rather than coming back at once. */
const RECHECK_MS = 3_600_000;

/** The flag `release_organization_jobs` and `delete_organization_jobs` find a deleted organization's jobs by (graphile-worker's public view shows flags, not payloads). */
export function deletedOrganizationFlag(organizationId: string) {
  return `organization-deleted:${organizationId}`;
}

/**
 * Keeps a deleted organization's job for a restore without running it: a
 * copy (same task, payload, key, priority and attempts allowed, fresh attempt
 * count) is queued for when the grace period ends, flagged with the
 * organization, and this run ends. The copy survives any `maxAttempts`; a
 * restore moves it to now, the purge completes it. With a key, the copy takes
 * the key over from this locked run (graphile-worker's replace mode).
 */
export async function deferDeletedOrganizationJob(organizationId: string, purgeAfter: Date, payload: unknown, helpers: JobHelpers) {
  const { job } = helpers;
  const runAt = new Date(Math.max(purgeAfter.getTime(), now().getTime() + RECHECK_MS));
  await helpers.addJob(job.task_identifier, payload, {
    runAt,
    jobKey: job.key ?? undefined,
    maxAttempts: job.max_attempts,
    priority: job.priority,
    flags: [deletedOrganizationFlag(organizationId)],
  });
  helpers.logger.info(`job ${job.id} (${job.task_identifier}) deferred: its organization is deleted`);
}
