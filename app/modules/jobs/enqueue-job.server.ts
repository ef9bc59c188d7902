import type { z } from "zod";
import type { Db } from "~/utils/db.server";
import { jobSpec, type EnqueueOptions, type JobDefinition, type JobName } from "./define-job.server";

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
}
