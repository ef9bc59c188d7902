import type { z } from "zod";
import type { Db } from "~/utils/db.server";
import { jobSpec, type EnqueueOptions, type JobDefinition, type JobName } from "./define-job.server";

/**
 * Where a job enqueued for later announces how many milliseconds away it is
 * (the worker's alarm nudges graphile-worker then). Relative, and measured by
 * PostgreSQL, whose clock `run_at` is compared with: the app's and the
 * worker's clocks may disagree with it and with each other.
 */
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
  // Delivered on commit, like the job itself, so it reaches the alarm a little after it was measured: late, never early.
  // Nothing when PostgreSQL already sees the job as due (graphile-worker's own NOTIFY covers it).
  if (spec.runAt)
    await db.execute(
      `select pg_notify(?, ceil(ms)::bigint::text) from (select extract(epoch from ?::timestamptz - clock_timestamp()) * 1000 as ms) delay where ms > 0`,
      [JOB_DUE_CHANNEL, spec.runAt],
    );
}
