/**
 * SSE benchmark (part of `npm run bench:board`): run with
 *   node_modules/.bin/node --import tsx tests/bench/sse.ts
 * after `npm run build`. It starts its own embedded PostgreSQL (migrated and
 * seeded) and Redis, then measures, each against real web processes:
 *
 * 1. move → `lead.moved` delivered to 1,000 SSE clients of one organization,
 *    p50/p99 over every delivery, for each bus adapter; the floor is a bare
 *    node:http broadcaster in the same run (ratio = ours / floor).
 * 2. memory per idle SSE connection at 10,000 connections: server RSS and
 *    heap delta (after full GCs) divided by the connection count.
 *
 * Knobs: BENCH_SSE_CLIENTS (1000), BENCH_SSE_MOVES (50), BENCH_SSE_IDLE (10000).
 * Prints markdown tables and, last, one JSON line with every figure.
 */
import { fork, spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import pg from "pg";
import { ask, terminate } from "../support/child-process";
import { freePort, startRedis } from "../support/redis";
import { loginForCookie, sessionCookiesFor, startBenchDatabase } from "./bench-setup";

const CLIENTS = Number(process.env.BENCH_SSE_CLIENTS ?? 1000);
const MOVES = Number(process.env.BENCH_SSE_MOVES ?? 50);
const IDLE = Number(process.env.BENCH_SSE_IDLE ?? 10_000);
const WARMUP_MOVES = 5;
const PASSWORD = "aurora-demo-2026";
const root = process.cwd();
const node = path.join(root, "node_modules/.bin/node");
const now = () => performance.timeOrigin + performance.now();
const log = (line: string) => console.log(`[bench:sse] ${line}`);

interface Server {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** A server process with the memory probe preloaded and an IPC channel to ask it. */
async function startServer(entry: string, env: Record<string, string | undefined>): Promise<Server> {
  const port = await freePort();
  const child = spawn(node, ["--expose-gc", "--import", "tsx", "--import", "./tests/bench/memory-probe.ts", entry], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`${entry} exited:\n${output}`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
    if (attempt > 600) throw new Error(`${entry} did not start:\n${output}`);
    await delay(100);
  }
  return {
    url,
    child,
    stop: () => terminate(child),
  };
}

async function memoryOf(server: Server) {
  const { memory } = await ask<{ memory: NodeJS.MemoryUsage }>(server.child, "memory");
  return memory;
}


function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summarize(latencies: number[], missing: number) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    deliveries: sorted.length,
    missing,
    p50: Number(percentile(sorted, 50).toFixed(2)),
    p99: Number(percentile(sorted, 99).toFixed(2)),
    max: Number((sorted.at(-1) ?? NaN).toFixed(2)),
  };
}

/** Opens the client connections, triggers `moves` broadcasts, and collects every delivery's latency. */
async function measureDelivery(streamUrl: string, cookies: string[], trigger: (move: number) => Promise<number>) {
  const clients = fork(path.join(root, "tests/bench/sse-clients.ts"), [], { execPath: node, execArgv: ["--import", "tsx"] });
  try {
    const { opened, failed } = await ask<{ opened: number; failed: number }>(clients, { cmd: "open", url: streamUrl, cookies, count: CLIENTS });
    if (failed || opened !== CLIENTS) throw new Error(`only ${opened} of ${CLIENTS} streams opened`);
    await delay(500);
    const latencies: number[] = [];
    const sinceCommit: number[] = [];
    const requests: number[] = [];
    // Per move: when the first stream had it (the move's own work + publish) and how long until the last one did (fan-out).
    const firsts: number[] = [];
    const spreads: number[] = [];
    let missing = 0;
    for (let move = 0; move < WARMUP_MOVES + MOVES; move++) {
      const sentAt = now();
      const version = await trigger(move);
      const answeredAt = now();
      const { times, at, missing: lost } = await ask<{ times: number[]; at: number | null; missing: number }>(clients, {
        cmd: "await",
        version,
        timeoutMs: 10_000,
      });
      if (move < WARMUP_MOVES) continue;
      requests.push(answeredAt - sentAt);
      for (const receivedAt of times) {
        latencies.push(receivedAt - sentAt);
        if (at !== null) sinceCommit.push(receivedAt - at);
      }
      const first = Math.min(...times);
      firsts.push(first - sentAt);
      spreads.push(Math.max(...times) - first);
      missing += lost;
      await delay(20);
    }
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    const fixed = (value: number) => Number(value.toFixed(2));
    return {
      ...summarize(latencies, missing),
      requestP50: fixed(percentile(sorted(requests), 50)),
      firstP50: fixed(percentile(sorted(firsts), 50)),
      spreadP50: fixed(percentile(sorted(spreads), 50)),
      spreadP99: fixed(percentile(sorted(spreads), 99)),
      sinceTransactionStartP50: sinceCommit.length ? fixed(percentile(sorted(sinceCommit), 50)) : null,
      sinceTransactionStartP99: sinceCommit.length ? fixed(percentile(sorted(sinceCommit), 99)) : null,
    };
  } finally {
    await ask(clients, { cmd: "close" });
    clients.kill();
  }
}

/** Server memory with `count` idle streams open, per stream, after full GCs. */
async function measureIdleMemory(server: Server, streamUrl: string, cookies: string[]) {
  const clients = fork(path.join(root, "tests/bench/sse-clients.ts"), [], { execPath: node, execArgv: ["--import", "tsx"] });
  try {
    // Warm the code paths (JIT, pools, caches) so the baseline is not flattered.
    await ask(clients, { cmd: "open", url: streamUrl, cookies, count: 200 });
    await ask(clients, { cmd: "close" });
    await delay(1_000);
    const before = await memoryOf(server);
    const { opened } = await ask<{ opened: number }>(clients, { cmd: "open", url: streamUrl, cookies, count: IDLE, concurrency: 50 });
    if (opened !== IDLE) throw new Error(`only ${opened} of ${IDLE} idle streams opened`);
    await delay(2_000);
    const after = await memoryOf(server);
    return {
      connections: opened,
      rssKBPerConnection: Number(((after.rss - before.rss) / opened / 1024).toFixed(1)),
      heapKBPerConnection: Number(((after.heapUsed - before.heapUsed) / opened / 1024).toFixed(1)),
      externalKBPerConnection: Number(((after.external + after.arrayBuffers - before.external - before.arrayBuffers) / opened / 1024).toFixed(1)),
    };
  } finally {
    await ask(clients, { cmd: "close" });
    clients.kill();
  }
}

const database = await startBenchDatabase("sse");
const { appEnv } = database;
const redis = await startRedis();
const servers: Server[] = [];
try {
  const { seedDemo } = await import("@db/seeds/seed-demo");
  const { closeOrm } = await import("~/utils/db.server");
  await seedDemo();
  await closeOrm();

  const admin = new pg.Client({ connectionString: database.adminUrl });
  await admin.connect();
  const {
    rows: [lead],
  } = await admin.query<{ id: string; stage_id: string; version: number }>(
    `select l.id, l.stage_id, l.version from leads l join organizations o on o.id = l.organization_id where o.slug = 'aurora' order by l.position limit 1`,
  );
  const { rows: stages } = await admin.query<{ id: string }>(
    `select s.id from pipeline_stages s join organizations o on o.id = s.organization_id where o.slug = 'aurora' and s.is_active and s.id <> $1 order by s.position limit 1`,
    [lead.stage_id],
  );
  await admin.end();
  const stageIds = [stages[0].id, lead.stage_id];
  let version = lead.version;
  let moves = 0;

  const results: Record<string, unknown> = { machine: `${os.cpus()[0]?.model} ×${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`, node: process.version, date: new Date().toISOString(), clients: CLIENTS, moves: MOVES };

  for (const adapter of ["postgres", "redis"] as const) {
    log(`${adapter}: ${CLIENTS} streams, ${MOVES} moves`);
    const web = await startServer("app/server/web.ts", { ...appEnv, REDIS_URL: adapter === "redis" ? redis.url : undefined });
    servers.push(web);
    const cookie = await loginForCookie(web.url, "owner@aurora.test", PASSWORD);
    const streamCookies = await sessionCookiesFor(database.adminUrl, "owner@aurora.test", CLIENTS);
    results[adapter] = await measureDelivery(`${web.url}/o/aurora/events`, streamCookies, async () => {
      // Alternate columns: a move to where the card already is changes nothing and publishes nothing.
      const toStageId = stageIds[moves++ % 2];
      const response = await fetch(`${web.url}/o/aurora/board.data`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: web.url, cookie },
        body: new URLSearchParams({ intent: "move", leadId: lead.id, toStageId, afterLeadId: "", version: String(version) }),
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`move failed: ${response.status}`);
      return ++version;
    });
    log(`${adapter}: ${JSON.stringify(results[adapter])}`);
    await web.stop();
  }

  log(`floor (bare node:http): ${CLIENTS} streams, ${MOVES} broadcasts`);
  const bare = await startServer("tests/bench/bare-sse-server.ts", {});
  servers.push(bare);
  let bareVersion = 0;
  results.floor = await measureDelivery(`${bare.url}/events`, [""], async () => {
    bareVersion++;
    const response = await fetch(`${bare.url}/broadcast?version=${bareVersion}`, { method: "POST" });
    await response.arrayBuffer();
    return bareVersion;
  });
  log(`floor: ${JSON.stringify(results.floor)}`);

  log(`memory: ${IDLE} idle streams`);
  results.idleFloor = await measureIdleMemory(bare, `${bare.url}/events`, [""]);
  await bare.stop();
  const web = await startServer("app/server/web.ts", appEnv);
  servers.push(web);
  results.idle = await measureIdleMemory(web, `${web.url}/o/aurora/events`, await sessionCookiesFor(database.adminUrl, "owner@aurora.test", IDLE));
  await web.stop();

  const floor = results.floor as Awaited<ReturnType<typeof measureDelivery>>;
  const idle = results.idle as Awaited<ReturnType<typeof measureIdleMemory>>;
  const idleFloor = results.idleFloor as typeof idle;
  const lines = [
    "",
    `Machine: ${results.machine}, Node ${process.version}, ${results.date}`,
    "",
    `SSE delivery, move → \`lead.moved\` on ${CLIENTS} streams of one organization (${MOVES} moves; percentiles over every delivery):`,
    "",
    "| transport | p50 ms | p99 ms | max ms | p99 ÷ floor | missing | first stream p50 ms | fan-out p50 / p99 ms | tx start → stream p50 / p99 ms |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...(["postgres", "redis", "floor"] as const).map((name) => {
      const row = results[name] as Awaited<ReturnType<typeof measureDelivery>>;
      const label = name === "floor" ? "bare node:http (floor)" : `${name} bus`;
      const tx = row.sinceTransactionStartP50 === null ? "—" : `${row.sinceTransactionStartP50} / ${row.sinceTransactionStartP99}`;
      return `| ${label} | ${row.p50} | ${row.p99} | ${row.max} | ${(row.p99 / floor.p99).toFixed(2)} | ${row.missing} | ${row.firstP50} | ${row.spreadP50} / ${row.spreadP99} | ${tx} |`;
    }),
    "",
    "first stream: move sent → the first stream has it (the move's own work, commit, publish); fan-out: first → last stream;",
    "tx start → stream: the event's `at` (its transaction's start) → each stream.",
    "",
    `Idle SSE connections (${IDLE}), server memory per connection after full GCs:`,
    "",
    "| server | RSS KB | heap KB | external KB |",
    "| --- | ---: | ---: | ---: |",
    `| loved web | ${idle.rssKBPerConnection} | ${idle.heapKBPerConnection} | ${idle.externalKBPerConnection} |`,
    `| bare node:http | ${idleFloor.rssKBPerConnection} | ${idleFloor.heapKBPerConnection} | ${idleFloor.externalKBPerConnection} |`,
    "",
  ];
  console.log(lines.join("\n"));
  console.log(JSON.stringify(results));
} finally {
  await Promise.all(servers.map((server) => server.stop()));
  await redis.stop();
  await database.stop();
}
