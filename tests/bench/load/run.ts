/**
 * `npm run bench:load`: a team on one board at once. Starts a throwaway
 * embedded PostgreSQL and production web processes on one port, seeds one organization
 * with N reps, and forks the simulated team (generator.ts, its own process):
 *
 * 1. real logins for a few reps (argon2id is its own cost, measured apart);
 * 2. first loads: every rep opens the board document and its event stream
 *    at once (sessions made directly, as login writes them);
 * 3. steady state: each rep opens a lead (~60 s), filters (~90 s) and drags
 *    one of its cards (~120 s), all ± 50 %, while every stream's board asks
 *    for the cards teammates changed, as the board UI does.
 *
 * Prints count, p50, p99, max and errors per action, the total time of the
 * first loads, missed events (every lead event must reach every stream),
 * and the CPU seconds of the server, PostgreSQL and the generator.
 *
 * Knobs (env or --flag=value): LOAD_REPS (500), LOAD_DURATION_S (120),
 * LOAD_RAMP_S (0: all at once), LOAD_LEADS_PER_REP (3), LOAD_LOGINS (20),
 * LOAD_LEAD_EVERY_S (60), LOAD_FILTER_EVERY_S (90), LOAD_MOVE_EVERY_S (120),
 * LOAD_PRESENCE (1: drags claim and release their lock), LOAD_CARD_REFRESH (1:
 * boards ask for the cards teammates changed, as the UI does), LOAD_TIMEOUT_S (120),
 * LOAD_WEB_PROCESSES (2: web processes sharing the port, as WEB_PROCESSES),
 * LOAD_POOL_MAX (each web process's DATABASE_POOL_MAX; unset: its default),
 * LOAD_CPU_PROF (a directory: each web process writes a --cpu-prof there).
 */
import { fork, spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { ask, terminate } from "../../support/child-process";
import { freePort } from "../../support/redis";
import { startBenchDatabase } from "../bench-setup";
import { postgresCpuSeconds, processCpuSeconds } from "./cpu";
import type { ActionReport, RunConfig } from "./generator";
import { leadEventIdsAfter, seedLoadOrganization, SLUG } from "./seed";

for (const arg of process.argv.slice(2)) {
  const match = /^--([a-z-]+)=(.*)$/.exec(arg);
  if (!match) throw new Error(`unknown argument ${arg} (use --reps=50, --duration-s=30, …)`);
  process.env[`LOAD_${match[1].replace(/-/g, "_").toUpperCase()}`] = match[2];
}
const knob = (name: string, fallback: number) => Number(process.env[`LOAD_${name}`] ?? fallback);
const REPS = knob("REPS", 500);
const DURATION_S = knob("DURATION_S", 120);
const LOGINS = Math.min(REPS, knob("LOGINS", 20));
const WEB_PROCESSES = knob("WEB_PROCESSES", 2);
if (!Number.isInteger(WEB_PROCESSES) || WEB_PROCESSES < 1) throw new Error("LOAD_WEB_PROCESSES must be a whole number of at least 1");
const PASSWORD = "load-bench-password-2026";
const root = process.cwd();
const node = path.join(root, "node_modules/.bin/node");
const log = (line: string) => console.error(`[bench:load] ${line}`);

/** Warnings and errors the web processes logged, by message: a run with any is not a clean run. */
const complaints = new Map<string, number>();

/** One web process on `port`; resolves once it says it is listening (a /healthz on a shared port may reach a sibling). */
async function startWebProcess(env: Record<string, string | undefined>, port: number) {
  const profile = process.env.LOAD_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.LOAD_CPU_PROF)}`] : [];
  const child = spawn(node, [...profile, "--import", "tsx", "app/server/web.ts"], {
    cwd: root,
    // Its "listening" line is how the bench knows it is ready.
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let partial = "";
  let listening = false;
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-20_000);
    listening ||= output.includes('"msg":"listening"');
    const lines = (partial + text).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      const level = /^\{"level":"(warn|error|fatal)"/.exec(line)?.[1];
      if (!level) continue;
      const message = /"msg":"([^"]*)"/.exec(line)?.[1] ?? line.slice(0, 200);
      complaints.set(`${level}: ${message}`, (complaints.get(`${level}: ${message}`) ?? 0) + 1);
    }
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  for (let attempt = 0; !listening; attempt++) {
    if (child.exitCode !== null) throw new Error(`web exited:\n${output}`);
    if (attempt > 600) throw new Error(`web did not start:\n${output}`);
    await delay(100);
  }
  return {
    child,
    stop: () => terminate(child, 15_000),
  };
}

/** `count` web processes sharing one port, as `npm start` runs them (WEB_PROCESSES). */
async function startWeb(env: Record<string, string | undefined>, count: number) {
  const port = await freePort();
  const processes: Awaited<ReturnType<typeof startWebProcess>>[] = [];
  const stop = () => Promise.all(processes.map((web) => web.stop()));
  try {
    for (let index = 0; index < count; index++) processes.push(await startWebProcess({ ...env, WEB_PROCESSES: String(count) }, port));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    /** CPU seconds of all of them together. */
    cpuSeconds: () => processes.reduce((sum, web) => sum + processCpuSeconds(web.child.pid!), 0),
    stop,
  };
}

function percentile(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
}

const ms = (value: number) => (Number.isNaN(value) ? "—" : value < 10 ? value.toFixed(1) : Math.round(value).toString());

const LABELS: Record<string, string> = {
  login: "login (real POST /login, argon2id)",
  firstLoad: "first load (board document + stream open)",
  firstDocument: "  of which the board document",
  streamOpen: "  of which the event stream's first byte",
  lead: "lead page (document)",
  filter: "filter (board.data with a filter)",
  move: "move (POST board.data)",
  presence: "drag lock (POST presence, start + end)",
  revalidate: "layouts revalidated after a move",
  cards: "card refresh on a teammate's change (board/cards)",
  event: "event delivery (move sent → each stream)",
};

function row(name: string, entry: ActionReport | undefined) {
  if (!entry) return `| ${LABELS[name] ?? name} | 0 | — | — | — | 0 | |`;
  const sorted = [...entry.samples].sort((a, b) => a - b);
  const count = sorted.length + entry.errors;
  const other = Object.entries(entry.statuses)
    .filter(([status]) => status !== "200" && status !== "302")
    .map(([status, n]) => `${status}×${n}`)
    .join(", ");
  return `| ${LABELS[name] ?? name} | ${count} | ${ms(percentile(sorted, 50))} | ${ms(percentile(sorted, 99))} | ${ms(sorted.at(-1) ?? NaN)} | ${entry.errors} | ${other} |`;
}

const database = await startBenchDatabase("load");
let web: Awaited<ReturnType<typeof startWeb>> | null = null;
let generator: ChildProcess | null = null;
try {
  const { hashPassword } = await import("~/utils/password.server");
  log(`seeding ${REPS} reps × ${knob("LEADS_PER_REP", 3)} leads`);
  const organization = await seedLoadOrganization({
    adminUrl: database.adminUrl,
    sessionSecret: database.appEnv.SESSION_SECRET,
    passwordHash: await hashPassword(PASSWORD),
    reps: REPS,
    leadsPerRep: knob("LEADS_PER_REP", 3),
  });
  web = await startWeb({ ...database.appEnv, DATABASE_POOL_MAX: process.env.LOAD_POOL_MAX }, WEB_PROCESSES);
  generator = fork(path.join(root, "tests/bench/load/generator.ts"), [], { execPath: node, execArgv: ["--import", "tsx"] });
  const cpu = () => ({ web: web!.cpuSeconds(), postgres: postgresCpuSeconds(), generator: processCpuSeconds(generator!.pid!) });
  const load = [os.loadavg()[0]];

  log(`${LOGINS} real logins at once`);
  const logins = await ask<{ login: ActionReport; totalMs: number; cookies: Record<string, string> }>(generator, {
    cmd: "logins",
    url: web.url,
    emails: organization.reps.slice(0, LOGINS).map((rep) => rep.email),
    password: PASSWORD,
    timeoutMs: knob("TIMEOUT_S", 120) * 1000,
  });
  // Those reps go on with the sessions their login made.
  for (const rep of organization.reps) rep.cookie = logins.cookies[rep.email] ?? rep.cookie;

  log(`${REPS} first loads, then ${DURATION_S} s of steady state`);
  const before = cpu();
  const config: RunConfig = {
    url: web.url,
    slug: SLUG,
    reps: organization.reps,
    stageIds: organization.stageIds,
    leadIds: organization.leadIds,
    baseEventId: organization.baseEventId,
    durationS: DURATION_S,
    rampS: knob("RAMP_S", 0),
    leadEveryS: knob("LEAD_EVERY_S", 60),
    filterEveryS: knob("FILTER_EVERY_S", 90),
    moveEveryS: knob("MOVE_EVERY_S", 120),
    presence: knob("PRESENCE", 1) !== 0,
    cardRefresh: knob("CARD_REFRESH", 1) !== 0,
    timeoutMs: knob("TIMEOUT_S", 120) * 1000,
  };
  const result = await ask<{ firstLoadsMs: number; steadyMs: number; reports: Record<string, ActionReport>; cpu: NodeJS.CpuUsage }>(generator, {
    cmd: "run",
    ...config,
  });
  const after = cpu();
  load.push(os.loadavg()[0]);
  const expected = await leadEventIdsAfter(database.adminUrl, organization.organizationId, organization.baseEventId);
  const streams = await ask<{ missed: number; incompleteStreams: number; streams: number; reconnects: number }>(generator, { cmd: "check", ids: expected });

  const wall = (result.firstLoadsMs + result.steadyMs) / 1000;
  const reports: Record<string, ActionReport | undefined> = { login: logins.login, ...result.reports };
  const lines = [
    "",
    `### Load — ${REPS} reps on one board, ${DURATION_S} s steady state`,
    "",
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; Node ${process.version}; ${new Date().toISOString()}; ` +
      `load average ${load[0].toFixed(2)} before, ${load[1].toFixed(2)} after; ${WEB_PROCESSES} web process${WEB_PROCESSES === 1 ? "" : "es"}; pool ${process.env.LOAD_POOL_MAX ?? "default"} each; ` +
      `${organization.leadIds.length} leads; card refresh ${config.cardRefresh ? "on" : "off"}; lead ~${config.leadEveryS} s, filter ~${config.filterEveryS} s, move ~${config.moveEveryS} s per rep`,
    "",
    "| action | count | p50 ms | p99 ms | max ms | errors | other answers |",
    "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ...Object.keys(LABELS).map((name) => row(name, reports[name])),
    "",
    `${LOGINS} real logins at once: all done in ${(logins.totalMs / 1000).toFixed(1)} s.`,
    `${REPS} first loads at once${config.rampS ? ` (ramped over ${config.rampS} s)` : ""}: all done in ${(result.firstLoadsMs / 1000).toFixed(1)} s (target ≤ 15 s).`,
    `Events: ${expected.length} lead events × ${streams.streams} streams; missed ${streams.missed} (streams missing any: ${streams.incompleteStreams}); stream reconnects ${streams.reconnects}. ` +
      `Move 409s (a teammate moved the card first): ${reports.move?.conflicts ?? 0}.`,
    `CPU seconds over ${wall.toFixed(0)} s of first loads + steady state: web (all processes) ${(after.web - before.web).toFixed(1)}, PostgreSQL ${(after.postgres - before.postgres).toFixed(1)}, ` +
      `generator ${(after.generator - before.generator).toFixed(1)} (of ${(wall * os.cpus().length).toFixed(0)} available).`,
    complaints.size
      ? `Web warnings and errors: ${[...complaints].map(([message, count]) => `${message} ×${count}`).join("; ")}.`
      : "Web warnings and errors: none.",
    "",
  ];
  console.log(lines.join("\n"));
  console.log(JSON.stringify({ reps: REPS, durationS: DURATION_S, load, firstLoadsMs: result.firstLoadsMs, loginsMs: logins.totalMs, streams, cpu: { before, after }, statuses: Object.fromEntries(Object.entries(reports).map(([k, v]) => [k, v?.statuses])) }));
} finally {
  generator?.kill();
  await web?.stop();
  await database.stop();
}
