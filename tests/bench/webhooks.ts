/**
 * `npm run bench:webhooks`: WhatsApp from Meta's POST to a rep's screen, on a
 * throwaway embedded PostgreSQL, one production web process
 * (`app/server/web.ts`) and one worker process (`worker/index.ts`):
 *
 * a. ingest: WEBHOOK_SENDERS (50) concurrent senders post signed one-message
 *    deliveries for WEBHOOK_INGEST_S (10) s; throughput, p50/p99 latency;
 * b. processing: WEBHOOK_MESSAGES (2,000) inbound texts from 200 senders
 *    posted at once with the worker running (its default concurrency):
 *    messages/s from the first accept to the last `message.created` on an
 *    open event stream, and each message's accepted → seen latency (mostly
 *    queueing once the burst outruns the worker); then the same latency for
 *    WEBHOOK_PACED_MESSAGES (300) paced at WEBHOOK_PACED_RATE (10/s), below
 *    what one worker measured here (about 20/s, 2026-11-29), so each
 *    message's own path shows;
 * c. timeline: an organization with 1,000,000 communications, one lead with
 *    10,000 of them: `GET …/timeline?before=<cursor>` (a page of 50) and the
 *    lead page's loader (`.data`), ~200 requests each, p50/p95/p99.
 *
 * WEBHOOK_CPU_PROF=dir profiles the web process.
 *
 * The senders, the stream reader and the requests run in this process, on the
 * same machine as everything else: on 2 cores they take CPU from the server.
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import { setTimeout as delay } from "node:timers/promises";
import pg from "pg";
import { startBenchDatabase } from "./bench-setup";
import { cpuMeter, summary, watchEvents } from "./bench-stats";
import { seedLoadOrganization, SLUG } from "./load/seed";
import { startWebProcess, type WebProcess } from "../realtime/web-process";
import { startWorkerProcess, type WorkerProcess } from "../support/worker-process";

const knob = (name: string, fallback: number) => Number(process.env[`WEBHOOK_${name}`] ?? fallback);
const SENDERS = knob("SENDERS", 50);
const INGEST_S = knob("INGEST_S", 10);
const MESSAGES = knob("MESSAGES", 2000);
const PACED_RATE = knob("PACED_RATE", 10);
const PACED_MESSAGES = knob("PACED_MESSAGES", 300);
const COMMUNICATIONS = knob("COMMUNICATIONS", 1_000_000);
const LEAD_ENTRIES = knob("LEAD_ENTRIES", 10_000);
const REQUESTS = knob("REQUESTS", 200);
const log = (line: string) => console.error(`[bench:webhooks] ${line}`);

/**
 * The event stream as a browser holds it, reduced to what the bench needs:
 * when each `message.created` arrived, by its preview (the bench makes every
 * preview unique).
 */
async function watchMessages(url: string, cookie: string) {
  const seen = new Map<string, number>();
  const stream = await watchEvents(url, cookie, "message.created", (data, at) => seen.set(data.preview as string, at));
  return { seen, close: stream.close };
}

const database = await startBenchDatabase("webhooks");
const admin = new pg.Client({ connectionString: database.adminUrl });
const stops: (() => Promise<unknown>)[] = [];
const results: string[] = [];
try {
  await admin.connect();
  // Imported once the environment points at the bench database (sealing reads the key from it).
  const { createConnection, messageBody, nowSeconds } = await import("../whatsapp/support");
  const { signWhatsAppBody } = await import("~/modules/whatsapp/webhook-signature.server");
  const organization = await seedLoadOrganization({ adminUrl: database.adminUrl, sessionSecret: database.appEnv.SESSION_SECRET, passwordHash: "x", reps: 5, leadsPerRep: 1000 });
  const connection = await createConnection({ adminQuery: async (sql, params) => (await admin.query(sql, params)).rows }, organization.organizationId);
  const cookie = organization.reps[0].cookie;
  // WEBHOOK_CPU_PROF=dir: the web process writes a V8 profile there on exit (read it with load/cpu-profile-summary.ts).
  const profile = process.env.WEBHOOK_CPU_PROF ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.WEBHOOK_CPU_PROF}` } : {};
  const web: WebProcess = await startWebProcess({ ...database.appEnv, ...profile, LOG_LEVEL: "warn" });
  stops.unshift(() => web.stop());

  /** One signed delivery of one text message; resolves with its latency once answered. */
  const post = async (from: string, text: string) => {
    const raw = Buffer.from(JSON.stringify(messageBody(connection.numbers[0], { from, id: `wamid.bench${randomUUID()}`, timestamp: nowSeconds(), type: "text", text: { body: text } })));
    const started = performance.now();
    const response = await fetch(`${web.url}/webhooks/whatsapp/${connection.key}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Hub-Signature-256": signWhatsAppBody(raw, connection.appSecret) },
      body: new Uint8Array(raw),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
    return performance.now() - started;
  };
  const sender = (i: number) => `5511${String(900_000_000 + (i % 200)).padStart(9, "0")}`;

  let workerPid = 0;
  const cpu = cpuMeter({ web: () => web.pid, worker: () => workerPid, postgres: () => 0, bench: () => process.pid });

  // a. Ingest, no worker: the front door alone (verify, parse, inbox row, job).
  log(`a. ingest: ${SENDERS} senders for ${INGEST_S} s`);
  const loadBefore = os.loadavg()[0];
  cpu.mark();
  const ingest: number[] = [];
  let errors = 0;
  const until = performance.now() + INGEST_S * 1000;
  await Promise.all(
    Array.from({ length: SENDERS }, async (_, s) => {
      for (let n = 0; performance.now() < until; n++) {
        await post(sender(s * 7 + n), `ingest ${s}-${n}`).then(
          (ms) => ingest.push(ms),
          () => (errors += 1),
        );
      }
    }),
  );
  results.push(`a. ingest: ${(ingest.length / INGEST_S).toFixed(0)}/s, errors ${errors}, latency ${summary(ingest)} (load before ${loadBefore.toFixed(2)}); ${cpu.perItem(ingest.length)}`);
  log(results.at(-1)!);
  // What (a) stored is not (b)'s work: the worker starts on an empty queue.
  await admin.query(`delete from graphile_worker._private_jobs`);
  await admin.query(`delete from webhook_inbox`);

  // b. Processing by one worker process into timelines, watched on an event stream.
  const worker: WorkerProcess = await startWorkerProcess({ ...database.appEnv, LOG_LEVEL: "info" });
  stops.unshift(() => worker.stop());
  workerPid = worker.pid;
  const stream = await watchMessages(`${web.url}/o/${SLUG}/events`, cookie);
  stops.unshift(() => stream.close());
  const run = async (label: string, count: number, ratePerSecond: number | null) => {
    const accepted = new Map<string, number>();
    cpu.mark();
    const first = performance.now();
    let next = 0;
    const one = async () => {
      const i = next++;
      const text = `${label} ${i}`;
      await post(sender(i), text);
      accepted.set(text, performance.now());
    };
    if (ratePerSecond === null) {
      await Promise.all(Array.from({ length: SENDERS }, async () => {
        while (next < count) await one();
      }));
    } else {
      const inFlight: Promise<void>[] = [];
      for (let i = 0; i < count; i++) {
        const due = first + (i * 1000) / ratePerSecond;
        const wait = due - performance.now();
        if (wait > 0) await delay(wait);
        inFlight.push(one());
      }
      await Promise.all(inFlight);
    }
    const deadline = performance.now() + 300_000;
    while ([...accepted.keys()].some((text) => !stream.seen.has(text))) {
      if (performance.now() > deadline) throw new Error(`${label}: not every message.created arrived`);
      await delay(20);
    }
    const latencies = [...accepted].map(([text, at]) => stream.seen.get(text)! - at);
    const last = Math.max(...[...accepted.keys()].map((text) => stream.seen.get(text)!));
    return { latencies, perSecond: count / ((last - first) / 1000), cpu: cpu.perItem(count) };
  };
  log(`b. ${MESSAGES} messages at once, then ${PACED_MESSAGES} paced at ${PACED_RATE}/s`);
  const burst = await run("burst", MESSAGES, null);
  results.push(`b. burst of ${MESSAGES}: ${burst.perSecond.toFixed(0)} messages/s into timelines; accepted → message.created ${summary(burst.latencies)}; ${burst.cpu}`);
  log(results.at(-1)!);
  // Where processing read rows: a table scanned whole per message shows here, not in the latencies.
  const scans = await admin.query<{ relname: string; seq_scan: string; seq_tup_read: string; idx_scan: string }>(
    `select relname, seq_scan, seq_tup_read, idx_scan from pg_stat_all_tables where seq_tup_read > 0 order by seq_tup_read desc limit 6`,
  );
  log(`b. most rows read by sequential scans so far: ${scans.rows.map((row) => `${row.relname} ${row.seq_scan} scans/${row.seq_tup_read} rows (idx ${row.idx_scan})`).join("; ")}`);
  const paced = await run("paced", PACED_MESSAGES, PACED_RATE);
  results.push(`b. paced ${PACED_RATE}/s × ${PACED_MESSAGES}: accepted → message.created ${summary(paced.latencies)}; ${paced.cpu}`);
  log(results.at(-1)!);
  await stream.close();
  await worker.stop();

  // c. A long timeline in a big organization.
  log(`c. ${COMMUNICATIONS} communications, ${LEAD_ENTRIES} on one lead`);
  const [lead] = (await admin.query<{ id: string }>(`select id from leads where organization_id = $1 order by id limit 1`, [organization.organizationId])).rows;
  const insert = (leadSql: string, count: number) =>
    admin.query(
      `insert into communications (id, organization_id, lead_id, channel, direction, content, metadata, external_id, status, sent_at, created_at, updated_at)
       select gen_random_uuid(), $1, ${leadSql},
              case when g % 3 = 0 then 'note' else 'whatsapp' end,
              case when g % 3 = 0 then 'internal' when g % 2 = 0 then 'inbound' else 'outbound' end,
              'Mensagem de teste número ' || g || ' sobre o orçamento e os prazos combinados',
              case when g % 3 = 0 then '{}'::jsonb else '{"kind":"text"}'::jsonb end,
              case when g % 3 = 0 then null else 'wamid.seed' || $2 || '.' || g end,
              case when g % 3 = 0 then null when g % 2 = 0 then 'received' else 'read' end,
              now() - (g || ' seconds')::interval, now(), now()
         from generate_series(1, $3::int) g`,
      [organization.organizationId, randomUUID(), count, ...(leadSql === "$4" ? [lead.id] : [])],
    );
  await insert("$4", LEAD_ENTRIES);
  await insert(
    `(select ids[1 + g % array_length(ids, 1)] from (select array_agg(id) as ids from leads where organization_id = $1 and id <> '${lead.id}') l)`,
    COMMUNICATIONS - LEAD_ENTRIES,
  );
  await admin.query("vacuum analyze communications");
  const { rows: anchors } = await admin.query<{ id: string; sent_at: Date }>(
    `select id, sent_at from communications where lead_id = $1 order by random() limit $2`,
    [lead.id, REQUESTS],
  );
  const timed = async (url: string) => {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    return performance.now() - started;
  };
  // Warm-up: the first requests pay for cold caches and JIT, not for the query.
  for (let i = 0; i < 20; i++) await timed(`${web.url}/o/${SLUG}/leads/${lead.id}/timeline?before=${anchors[i].sent_at.getTime()}_${anchors[i].id}`);
  const pages: number[] = [];
  cpu.mark();
  for (const anchor of anchors) pages.push(await timed(`${web.url}/o/${SLUG}/leads/${lead.id}/timeline?before=${anchor.sent_at.getTime()}_${anchor.id}`));
  results.push(`c. timeline page of 50 (?before=cursor), one request at a time: ${summary(pages)}; ${cpu.perItem(pages.length)}`);
  log(results.at(-1)!);
  const loaders: number[] = [];
  const route = encodeURIComponent("routes/o.$slug.leads.$leadId");
  cpu.mark();
  for (let i = 0; i < REQUESTS; i++) loaders.push(await timed(`${web.url}/o/${SLUG}/leads/${lead.id}.data?_routes=${route}`));
  results.push(`c. lead page loader (.data, this route only): ${summary(loaders)}; ${cpu.perItem(loaders.length)}`);
  log(results.at(-1)!);
} finally {
  for (const stop of stops) await stop().catch(() => {});
  await admin.end().catch(() => {});
  await database.stop();
}
console.log(
  [`# bench:webhooks ${new Date().toISOString()}`, `${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`, ...results].join("\n"),
);
