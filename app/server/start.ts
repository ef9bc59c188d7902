/**
 * `npm start`: the whole product on one machine. Fills in embedded defaults
 * (PostgreSQL under .data/, generated secrets), migrates, seeds the demo
 * organizations into an empty embedded database, then runs the web and worker
 * roles as child processes and prints where to log in. Ctrl-C stops all of it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";
import { UnsafeAppRoleError } from "@db/app-role-check";
import { migrateDatabase } from "@db/migrate";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDatabaseEmpty, seedDemo } from "@db/seeds/seed-demo";
import { closeOrm } from "~/utils/db.server";
import { getEnv, getOwnerDatabaseUrl } from "~/utils/env.server";
import { applyLocalDefaults } from "./local-defaults";

const dev = process.argv.includes("--dev");
const log = (line: string) => console.log(`[loved] ${line}`);

const defaults = await applyLocalDefaults(log);
const env = getEnv();
const url = env.APP_URL ?? `http://localhost:${env.PORT}`;
process.env.APP_URL = url;

await migrateDatabase({ ownerUrl: getOwnerDatabaseUrl(env), appUrl: env.DATABASE_URL, log }).catch(async (error: unknown) => {
  if (!(error instanceof UnsafeAppRoleError)) throw error;
  console.error(`[loved] refusing to start: ${error.message}`);
  await defaults.embeddedDatabase?.stop();
  process.exit(1);
});
let seeded = false;
if (defaults.embeddedDatabase && (await isDatabaseEmpty())) {
  log("empty database: seeding the demo organizations (Agência Aurora and Boreal)");
  await seedDemo();
  seeded = true;
}
await closeOrm();

const children: ChildProcess[] = [];
let stopping = false;

function startRole(name: string, entry: string) {
  const args = ["--import", "tsx", ...(dev ? ["--watch"] : []), entry];
  const child = spawn(process.execPath, args, { stdio: "inherit", env: process.env });
  child.on("exit", (code, signal) => {
    if (stopping) return;
    log(`${name} exited (${signal ?? code}); stopping everything`);
    void stop(1);
  });
  children.push(child);
}

async function stop(exitCode: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  const deadline = Date.now() + 10_000;
  while (children.some((child) => child.exitCode === null && child.signalCode === null) && Date.now() < deadline) {
    await delay(100);
  }
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await defaults.embeddedDatabase?.stop();
  log("stopped");
  process.exit(exitCode);
}

process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

if (dev) {
  const watcher = spawn(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "watch"], { stdio: "inherit" });
  children.push(watcher);
}
startRole("web", "app/server/web.ts");
startRole("worker", "worker/index.ts");

async function waitUntilHealthy() {
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      const response = await fetch(`http://127.0.0.1:${env.PORT}/healthz`);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await delay(200);
  }
  return false;
}

if (await waitUntilHealthy()) {
  const lines = [
    "",
    `  Loved CRM is running at ${url}`,
    "",
    ...(defaults.embeddedDatabase
      ? [
          `  Demo logins (password: ${DEMO_PASSWORD})${seeded ? "" : " — from the first run's seed"}:`,
          ...DEMO_ACCOUNTS.map((account) => `    ${account.email.padEnd(22)} ${account.role.padEnd(8)} /o/${account.organization}`),
          "",
          "  Data: .data/ (delete it to start over). Invitation e-mails: .data/outbox/",
        ]
      : []),
    "  Press Ctrl-C to stop.",
    "",
  ];
  console.log(lines.join("\n"));
} else {
  log("the web role did not become healthy in 60 s");
  await stop(1);
}
