import type { JobHelpers, Task } from "graphile-worker";
import { z } from "zod";
import type { JobDefinition, JobName } from "~/modules/jobs/define-job.server";
import { findOrganizationDeletion } from "~/modules/organizations/find-organization-deletion.server";
import { releaseOrganizationJobs } from "~/modules/organizations/release-organization-jobs.server";
import { deferDeletedOrganizationJob } from "./defer-deleted-organization-job";

/** A graphile-worker task that knows the job definition it runs. */
export type DefinedTask<Job extends JobDefinition = JobDefinition> = Task & { readonly job: Job };

/**
 * Binds a handler to its job definition: the handler receives the payload as
 * the definition's schema reads it. A payload the schema refuses (queued by an
 * older release, or written by hand) would fail the same way on every retry,
 * so it is logged as a permanent failure and the job ends there instead of
 * being retried for days. A job for a deleted organization does nothing
 * while it is deleted (nothing may reach a provider on its behalf) but is
 * kept for a restore: see `deferDeletedOrganizationJob`. A job for a purged
 * organization ends: there is nothing left to work on.
 */
export function defineTask<Name extends JobName, Payload extends z.ZodType>(
  job: JobDefinition<Name, Payload>,
  handler: (payload: z.output<Payload>, helpers: JobHelpers) => Promise<void>,
): DefinedTask<JobDefinition<Name, Payload>> {
  const task: Task = async (raw, helpers) => {
    const parsed = job.payload.safeParse(raw);
    if (!parsed.success) {
      // The issues name fields and expectations, not the values, so no payload content reaches the log.
      helpers.logger.error(
        `job ${helpers.job.id} (${job.name}) failed permanently: its payload does not match the job's schema: ${z.prettifyError(parsed.error).replaceAll("\n", " ")}`,
      );
      return;
    }
    const organizationId = (parsed.data as { organizationId?: unknown }).organizationId;
    if (typeof organizationId === "string") {
      const organization = await findOrganizationDeletion(organizationId);
      if (organization.state === "gone") {
        helpers.logger.info(`job ${helpers.job.id} (${job.name}) ended: its organization was purged`);
        return;
      }
      if (organization.state === "deleted") {
        await deferDeletedOrganizationJob(organizationId, organization.purgeAfter, raw, helpers);
        // Restored while the copy was being queued: the restore's release could not see it yet.
        if ((await findOrganizationDeletion(organizationId)).state === "active") await releaseOrganizationJobs(organizationId);
        return;
      }
    }
    await handler(parsed.data, helpers);
  };
  return Object.assign(task, { job });
}

/** The worker's task list, keyed by each definition's name; two tasks for one job are a mistake. */
export function taskListOf<const Tasks extends readonly DefinedTask[]>(tasks: Tasks) {
  const list: Record<string, Task> = {};
  for (const task of tasks) {
    if (list[task.job.name]) throw new Error(`Two tasks run ${task.job.name}`);
    list[task.job.name] = task;
  }
  return list as { readonly [T in Tasks[number] as T["job"]["name"]]: T };
}
