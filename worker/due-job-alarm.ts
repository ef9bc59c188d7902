import pg from "pg";
import { loggerFor } from "~/utils/logger.server";
import { JOB_DUE_CHANNEL } from "~/modules/jobs/enqueue-job.server";

const log = loggerFor("worker");
/** Past this, the worker's own polling (every 2 s) is as good as a timer. */
const LONGEST_TIMER_MS = 10 * 60_000;
const MAX_TIMERS = 1_000;
/**
 * The delay is measured from before the enqueuing transaction commits, so the
 * timer can only end late; this margin covers a timer that fires a
 * millisecond early.
 */
const LATE_MS = 5;
/**
 * The nudge is sent again this long after the first: should the first land a
 * hair before `run_at <= now()` holds for graphile-worker, the job would wait
 * for the next poll. One NOTIFY more per due instant.
 */
const SECOND_NUDGE_MS = 250;
/** Instants in the same slot share one timer, ending with the slot (a burst of announcements is not a burst of timers). */
const SLOT_MS = 25;
const FIRST_RETRY_MS = 1_000;
const LONGEST_RETRY_MS = 30_000;
/** A whole number of milliseconds, as enqueueJob announces it. */
const DELAY = /^\d{1,15}$/;

/**
 * graphile-worker notices a new job at once (NOTIFY) but a job scheduled for
 * later only at its next poll, up to 2 s after it is due — most of a summary's
 * latency after its debounce. Jobs enqueued with a future `runAt` announce on
 * JOB_DUE_CHANNEL how many milliseconds away it is, by PostgreSQL's clock
 * (the one `run_at` is compared with); this times that delay from when the
 * announcement arrives, by the worker's own clock, so the two hosts' clocks
 * need not agree, and then sends the same nudge a new job would. A lost
 * connection is reopened with backoff (announcements sent meanwhile are
 * lost). Only an optimisation: without it (an outage, too many timers) the
 * poll still runs every job.
 */
export async function startDueJobAlarm(connectionString: string) {
  const timers = new Map<number, NodeJS.Timeout>();
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  let retryMs = FIRST_RETRY_MS;
  let lost = false;
  let stopped = false;

  const nudge = () => {
    client?.query(`select pg_notify('jobs:insert', '')`).catch((error: Error) => log.warn({ error: error.message }, "could not nudge the worker for a due job"));
  };
  const later = (wait: number, run: () => void) => {
    const timer = setTimeout(run, wait);
    timer.unref();
    return timer;
  };
  const announced = (message: pg.Notification) => {
    if (!DELAY.test(message.payload ?? "")) return;
    const wait = Number(message.payload) + LATE_MS;
    if (wait > LONGEST_TIMER_MS || timers.size >= MAX_TIMERS) return;
    const slot = Math.ceil((Date.now() + wait) / SLOT_MS) * SLOT_MS;
    if (timers.has(slot)) return;
    timers.set(
      slot,
      later(slot - Date.now(), () => {
        nudge();
        timers.set(
          slot,
          later(SECOND_NUDGE_MS, () => {
            timers.delete(slot);
            nudge();
          }),
        );
      }),
    );
  };

  async function connect() {
    const next = new pg.Client({ connectionString, application_name: "loved-worker-alarm", keepAlive: true });
    next.on("notification", announced);
    next.on("error", (error) => connectionLost(next, error));
    next.on("end", () => connectionLost(next));
    try {
      await next.connect();
      await next.query(`listen "${JOB_DUE_CHANNEL}"`);
    } catch (error) {
      await next.end().catch(() => {});
      throw error;
    }
    if (stopped) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    retryMs = FIRST_RETRY_MS;
    if (lost) log.info("the due-job alarm reconnected");
    lost = false;
  }
  function connectionLost(which: pg.Client, error?: Error) {
    if (client !== which || stopped) return;
    client = null;
    which.end().catch(() => {});
    outage(error);
  }
  /** Logged once, not at every failed attempt. */
  function outage(error?: Error) {
    if (!lost) log.warn({ error: error?.message ?? "connection ended" }, "the due-job alarm lost its connection; polling still runs due jobs while it reconnects");
    lost = true;
    retry = later(retryMs, () => {
      retry = null;
      connect().catch((failure: Error) => {
        retryMs = Math.min(retryMs * 2, LONGEST_RETRY_MS);
        if (!stopped) outage(failure);
      });
    });
  }

  await connect().catch((error: Error) => outage(error));
  return {
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await client?.end().catch(() => {});
      client = null;
    },
  };
}
