import type { z } from "zod";

/** graphile-worker task identifiers here read `<entity>__<action>` (the worker's file is named the same). */
export type JobName = `${string}__${string}`;

const JOB_NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*__[a-z0-9]+(?:_[a-z0-9]+)*$/;

/**
 * One kind of background job, shared by whoever enqueues it (app modules) and
 * the worker task that runs it. The payload carries ids, never personal data:
 * the task reads what it needs at run time, so retention and erasure only
 * have to look at tables, not at queued jobs.
 */
export interface JobDefinition<Name extends JobName = JobName, Payload extends z.ZodType = z.ZodType> {
  readonly name: Name;
  readonly payload: Payload;
  /** Attempts before graphile-worker gives up (its default when absent). */
  readonly maxAttempts?: number;
  /**
   * What tells jobs apart for deduplication: a pending job with the same key
   * (`<name>:<this>`) is replaced by the newer one (debounce, one per entity).
   */
  readonly jobKey?: (payload: z.output<Payload>) => string;
}


export interface EnqueueOptions {
  /** Not before this time (a debounce window, a reminder). */
  runAt?: Date;
}

export function defineJob<const Name extends JobName, Payload extends z.ZodType>(
  definition: JobDefinition<Name, Payload>,
): JobDefinition<Name, Payload> {
  if (!JOB_NAME.test(definition.name)) throw new Error(`Job name ${definition.name} is not <entity>__<action> in snake_case`);
  return Object.freeze({ ...definition });
}

/**
 * The arguments of one `enqueue_job` call: the payload as the schema reads it
 * (refusing a payload it does not accept, before anything is written), with
 * the definition's key and attempts.
 */
export function jobSpec<Payload extends z.ZodType>(job: JobDefinition<JobName, Payload>, input: z.input<Payload>, options: EnqueueOptions = {}) {
  const payload = job.payload.parse(input);
  return {
    name: job.name,
    payload,
    jobKey: job.jobKey ? `${job.name}:${job.jobKey(payload)}` : null,
    runAt: options.runAt ?? null,
    maxAttempts: job.maxAttempts ?? null,
  };
}
