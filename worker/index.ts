import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { run } from "graphile-worker";
import { refuseUnsafeAppRole } from "@db/app-role-check";
import { closeOrm } from "~/utils/db.server";
import { getEnv, getOwnerDatabaseUrl } from "~/utils/env.server";
import { loggerFor } from "~/utils/logger.server";
import { startDueJobAlarm } from "./due-job-alarm";
import { logJobs, workerLogger } from "./job-log";
import { taskList } from "./task-list";

const log = loggerFor("worker");
const env = getEnv();
await refuseUnsafeAppRole(env.DATABASE_URL, log);

// graphile-worker's own tables are owner-only (row-level security on its
// schema), so the queue connection uses the owner role; every task's business
// data goes through the app role with the job's organization set.
const runner = await run({
  connectionString: getOwnerDatabaseUrl(env),
  concurrency: env.WORKER_CONCURRENCY,
  taskList: logJobs(taskList),
  logger: workerLogger,
  crontabFile: path.resolve("worker/crontab"),
  noHandleSignals: true,
});
const alarm = await startDueJobAlarm(getOwnerDatabaseUrl(env));
// Container health: the image's HEALTHCHECK reads this file's age for the worker role.
// Under the data directory by default: a shared /tmp name belongs to whichever user wrote it first.
const heartbeatFile = env.WORKER_HEARTBEAT_FILE ?? path.join(path.resolve(env.DATA_DIR), "worker-heartbeat");
const beat = () => writeFile(heartbeatFile, new Date().toISOString());
const heartbeat = setInterval(() => void beat().catch(() => {}), 15_000);
heartbeat.unref();
await mkdir(path.dirname(heartbeatFile), { recursive: true }).catch(() => {});
await beat().catch((error: NodeJS.ErrnoException) =>
  log.warn({ heartbeatFile, code: error.code }, "cannot write the heartbeat file; health checks will see this worker as stale"),
);
log.info({ taskTypes: Object.keys(taskList).length, concurrency: env.WORKER_CONCURRENCY }, "running");

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "finishing running jobs");
  clearInterval(heartbeat);
  await alarm.stop();
  await runner.stop();
  await closeOrm();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
await runner.promise;
