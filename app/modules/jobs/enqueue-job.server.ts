import type { z } from "zod";
import type { Db } from "~/utils/db.server";
import { jobSpec, type EnqueueOptions, type JobDefinition, type JobName } from "./define-job.server";

/** Where a job enqueued for later announces when it is due (the worker's alarm nudges graphile-worker then). */
export const JOB_DUE_CHANNEL = "loved_job_due";

/**
 * Adds a job inside the caller's transaction: it commits or rolls back with
 * the write that caused it. The payload is checked against the job's schema
 * first; a payload it refuses throws and nothing is queued.
 */
export async function enqueueJob<Payload extends z.ZodType>(
  db: Db,
  job: JobDefinition<JobName, Payload>,
  input: z.input<Payload>,
  options: EnqueueOptions = {},
) {
  const spec = jobSpec(job, input, options);
  await db.execute("select enqueue_job(?, ?::json, ?, ?, ?)", [
    spec.name,
    JSON.stringify(spec.payload),
    spec.jobKey,
    spec.runAt,
    spec.maxAttempts,
  ]);
  // Delivered on commit, like the job itself.
  if (spec.runAt && spec.runAt.getTime() > Date.now()) await db.execute("select pg_notify(?, ?)", [JOB_DUE_CHANNEL, spec.runAt.toISOString()]);
}
