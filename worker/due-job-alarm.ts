import pg from "pg";
import { loggerFor } from "~/utils/logger.server";
import { JOB_DUE_CHANNEL } from "~/modules/jobs/enqueue-job.server";

const log = loggerFor("worker");
/** Past this, the worker's own polling (every 2 s) is as good as a timer. */
const LONGEST_TIMER_MS = 10 * 60_000;
const MAX_TIMERS = 1_000;
/** PostgreSQL and Node read the same clock here; a few ms late keeps `run_at <= now()` true when the nudge lands. */
const LATE_MS = 5;

/**
 * graphile-worker notices a new job at once (NOTIFY) but a job scheduled for
 * later only at its next poll, up to 2 s after it is due — most of a summary's
 * latency after its debounce. Jobs enqueued with a future `runAt` announce it
 * on JOB_DUE_CHANNEL; this sets a timer for that instant and then sends the
 * same nudge a new job would. Only an optimisation: without it (a lost
 * connection, too many timers) the poll still runs every job.
 */
export async function startDueJobAlarm(connectionString: string) {
  const timers = new Map<number, NodeJS.Timeout>();
  const client = new pg.Client({ connectionString, application_name: "loved-worker-alarm" });
  const nudge = (at: number) => {
    timers.delete(at);
    client.query(`select pg_notify('jobs:insert', '')`).catch((error: Error) => log.warn({ error: error.message }, "could not nudge the worker for a due job"));
  };
  client.on("notification", (message) => {
    const at = Date.parse(message.payload ?? "");
    const wait = at - Date.now() + LATE_MS;
    if (!Number.isFinite(at) || wait > LONGEST_TIMER_MS || timers.has(at) || timers.size >= MAX_TIMERS) return;
    const timer = setTimeout(() => nudge(at), Math.max(0, wait));
    timer.unref();
    timers.set(at, timer);
  });
  client.on("error", (error) => log.warn({ error: error.message }, "the due-job alarm lost its connection; polling still runs due jobs"));
  await client.connect();
  await client.query(`listen "${JOB_DUE_CHANNEL}"`);
  return {
    async stop() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await client.end().catch(() => {});
    },
  };
}
