import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { run } from "graphile-worker";
import { refuseUnsafeAppRole } from "@db/app-role-check";
import { closeOrm } from "~/utils/db.server";
import { getEnv, getOwnerDatabaseUrl } from "~/utils/env.server";
import { taskList } from "./task-list";

const env = getEnv();
await refuseUnsafeAppRole(env.DATABASE_URL, "worker");

// graphile-worker's own tables are owner-only (row-level security on its
// schema), so the queue connection uses the owner role; every task's business
// data goes through the app role with the job's organization set.
const runner = await run({
  connectionString: getOwnerDatabaseUrl(env),
  concurrency: env.WORKER_CONCURRENCY,
  taskList,
  crontabFile: path.resolve("worker/crontab"),
  noHandleSignals: true,
});
// Container health: the image's HEALTHCHECK reads this file's age for the worker role.
const heartbeatFile = path.join(os.tmpdir(), "loved-worker-heartbeat");
const heartbeat = setInterval(() => void writeFile(heartbeatFile, new Date().toISOString()).catch(() => {}), 15_000);
heartbeat.unref();
await writeFile(heartbeatFile, new Date().toISOString());
console.log(`[worker] running ${Object.keys(taskList).length} task types, concurrency ${env.WORKER_CONCURRENCY}`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[worker] ${signal}: finishing running jobs`);
  clearInterval(heartbeat);
  await runner.stop();
  await closeOrm();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
await runner.promise;
