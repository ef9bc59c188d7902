import { Logger as WorkerLogger, type LogLevel as WorkerLogLevel, type Task, type TaskList } from "graphile-worker";
import { runWithLogContext } from "~/utils/log-context.server";
import { loggerFor } from "~/utils/logger.server";

const log = loggerFor("worker");

const LEVELS: Record<WorkerLogLevel, "error" | "warn" | "info" | "debug"> = { error: "error", warning: "warn", info: "info", debug: "debug" };

/**
 * graphile-worker's own messages as JSON lines. Only the text and scope are
 * kept: its job-outcome messages carry the whole job, payload included, in
 * their metadata. Those outcomes go down to debug — `logJobs` writes the job's line.
 */
export const workerLogger = new WorkerLogger((scope) => (level, message, meta) => {
  const outcome = meta && "job" in meta;
  log[outcome ? "debug" : LEVELS[level]]({ job: scope.taskIdentifier, jobId: scope.jobId, workerId: scope.workerId }, message);
});

function organizationOf(payload: unknown) {
  const organizationId = typeof payload === "object" && payload !== null ? (payload as { organizationId?: unknown }).organizationId : undefined;
  return typeof organizationId === "string" ? organizationId : undefined;
}

function logged(name: string, task: Task): Task {
  return (payload, helpers) => {
    const context = { job: name, jobId: helpers.job.id, organizationId: organizationOf(payload) };
    return runWithLogContext(context, async () => {
      const started = process.hrtime.bigint();
      const durationMs = () => Math.round(Number(process.hrtime.bigint() - started) / 10_000) / 100;
      try {
        const result = await task(payload, helpers);
        log.info({ ...context, attempt: helpers.job.attempts, durationMs: durationMs() }, "job done");
        return result;
      } catch (error) {
        // graphile-worker retries it with backoff; the stack is here, not in the job row alone.
        log.error({ ...context, attempt: helpers.job.attempts, durationMs: durationMs(), err: error }, "job failed");
        throw error;
      }
    });
  };
}

/** Every task wrapped to log one line per run (name, id, organization, duration) and to stamp its own lines with the job. */
export function logJobs(tasks: TaskList): TaskList {
  return Object.fromEntries(Object.entries(tasks).map(([name, task]) => [name, task && logged(name, task as Task)]));
}
