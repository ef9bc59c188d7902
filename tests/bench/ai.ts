/**
 * `npm run bench:ai`: a burst of notes on a lead to its summary on a rep's
 * screen, on a throwaway embedded PostgreSQL, one production web process
 * (`app/server/web.ts`) and one worker process (`worker/index.ts`):
 *
 * a. OpenAI path: AI_BENCH_RUNS (40) leads each get a burst of 5 notes
 *    posted as a rep's browser posts them (`POST …/leads/<id>.data`,
 *    `intent=add-note`), the worker asks a loopback OpenAI fake answering in
 *    AI_BENCH_FAKE_DELAY_MS (1,000) ms; last note answered → `summary.created`
 *    on an open event stream. The overhead is that minus AI_SUMMARY_DELAY_MS
 *    (AI_BENCH_DELAY_MS, default the app's 5,000) minus the fake's measured
 *    time for that lead's request, then split where the clocks allow: the
 *    job's `run_at`, its start (the worker's "job done" line), the request
 *    and answer at the fake, the saving transaction's start (the event's
 *    `at`), the stream;
 * b. the same with no key: the local analyzer, delay subtracted;
 * c. the local analyzer on AI_BENCH_MESSAGES (10,000)-message conversations,
 *    and masking + trimming 400 entries (ai-analyzer.ts).
 *
 * AI_BENCH_LANES (4) leads are in flight at once, started a quarter of a
 * summary's cycle apart: 40 one at a time would take 4 minutes a phase of
 * mostly waiting, and a team has several leads summarizing at once. The
 * worker runs 5 jobs at a time, so 4 lanes never queue there; AI_BENCH_LANES=1
 * measures one burst alone. One untimed burst first warms each new worker
 * up. Each lead already has AI_BENCH_HISTORY (30) messages, so the summary
 * reads a conversation, not just the notes. AI_BENCH_CPU_PROF=dir profiles
 * the workers.
 */
import os from "node:os";
import { setTimeout as delay } from "node:timers/promises";
import pg from "pg";
import { startBenchDatabase } from "./bench-setup";
import { analyzerThroughput, inputPreparation } from "./ai-analyzer";
import { ptBrConversation } from "./ai-conversation";
import { cpuMeter, summary } from "./bench-stats";
import { wallNow, watchSummaries } from "./ai-support";
import { seedLoadOrganization, SLUG } from "./load/seed";
import { startOpenAiFake } from "~/server/openai-fake";
import { startWebProcess, type WebProcess } from "../realtime/web-process";
import { startWorkerProcess } from "../support/worker-process";

const knob = (name: string, fallback: number) => Number(process.env[`AI_BENCH_${name}`] ?? fallback);
const RUNS = knob("RUNS", 40);
const LANES = knob("LANES", 4);
const BURST = 5;
const DELAY_MS = knob("DELAY_MS", 5000);
const FAKE_DELAY_MS = knob("FAKE_DELAY_MS", 1000);
const HISTORY = knob("HISTORY", 30);
const MESSAGES = knob("MESSAGES", 10_000);
const ANALYZER_RUNS = knob("ANALYZER_RUNS", 5);
const log = (line: string) => console.error(`[bench:ai] ${line}`);
const NOTES = ["Cliente pediu orçamento do site novo.", "Ligou de novo, quer fechar ainda este mês.", "Mandar portfólio e casos parecidos.", "Prefere reunião na quinta à tarde.", "Verba aprovada, aguardando proposta."];

const database = await startBenchDatabase("ai");
const admin = new pg.Client({ connectionString: database.adminUrl });
const fake = await startOpenAiFake({ delayMs: FAKE_DELAY_MS });
const stops: (() => Promise<unknown>)[] = [() => fake.close()];
const results: string[] = [];
try {
  await admin.connect();
  const organization = await seedLoadOrganization({ adminUrl: database.adminUrl, sessionSecret: database.appEnv.SESSION_SECRET, passwordHash: "x", reps: 1, leadsPerRep: 2 * (RUNS + 1) });
  const cookie = organization.reps[0].cookie;
  await admin.query(`update organizations set ai_enabled = true, ai_monthly_limit = 100000 where id = $1`, [organization.organizationId]);
  const { rows: leads } = await admin.query<{ id: string; full_name: string }>(`select id, full_name from leads where organization_id = $1 order by id`, [organization.organizationId]);
  for (const [i, lead] of leads.entries()) {
    const history = ptBrConversation(HISTORY, i + 1, new Date(Date.now() - 3_600_000));
    await admin.query(
      `insert into communications (id, organization_id, lead_id, channel, direction, content, metadata, status, sent_at, created_at, updated_at)
       select gen_random_uuid(), $1, $2, case when m.direction = 'internal' then 'note' else 'whatsapp' end, m.direction, m.text,
              case when m.direction = 'internal' then '{}'::jsonb else '{"kind":"text"}'::jsonb end,
              case when m.direction = 'internal' then null when m.direction = 'inbound' then 'received' else 'read' end, m.at, now(), now()
         from unnest($3::text[], $4::text[], $5::timestamptz[]) as m(direction, text, at)`,
      [organization.organizationId, lead.id, history.map((m) => m.direction), history.map((m) => m.text), history.map((m) => m.at)],
    );
  }
  const aiEnv = { AI_SUMMARY_DELAY_MS: String(DELAY_MS) };
  // AI_BENCH_CPU_PROF=dir: each worker writes a V8 profile there on exit (read it with load/cpu-profile-summary.ts).
  const profile = process.env.AI_BENCH_CPU_PROF ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.AI_BENCH_CPU_PROF}` } : {};
  const web: WebProcess = await startWebProcess({ ...database.appEnv, ...aiEnv, LOG_LEVEL: "warn" });
  stops.unshift(() => web.stop());
  const stream = await watchSummaries(`${web.url}/o/${SLUG}/events`, cookie);
  stops.unshift(() => stream.close());

  const addNote = async (leadId: string, content: string) => {
    const response = await fetch(`${web.url}/o/${SLUG}/leads/${leadId}.data`, {
      method: "POST",
      headers: { cookie, origin: web.url, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "add-note", content }),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`add-note answered ${response.status}`);
  };

  /** A burst of notes on `lead`; resolves when its summary is on the stream, with when the last note was answered and the debounced job it left. */
  const burstToSummary = async (lead: (typeof leads)[number], label: string) => {
    for (let n = 0; n < BURST; n++) await addNote(lead.id, `${NOTES[n]} (${label})`);
    const accepted = wallNow();
    const [job] = (
      await admin.query<{ id: string; run_at: Date }>(`select id::text, run_at from graphile_worker._private_jobs where key = $1`, [`ai__summarize_lead:${lead.id}`])
    ).rows;
    const deadline = accepted + DELAY_MS + 60_000;
    while (!stream.seen.has(lead.id)) {
      if (wallNow() > deadline) throw new Error(`${label}: no summary.created for lead ${lead.id}`);
      await delay(5);
    }
    return { accepted, jobId: job?.id, due: job?.run_at.getTime() ?? NaN };
  };

  /**
   * Every lead of `batch` but the first through burst → summary, LANES at a
   * time; the first goes alone before, untimed (the fresh worker's first job
   * pays for JIT, imports and connections). Per lead: when its last note was
   * answered, its summary seen, and when the worker ran its job (its
   * "job done" log line: end time and duration).
   */
  const phase = async (label: string, [warmUp, ...batch]: typeof leads, workerEnv: Record<string, string>) => {
    const worker = await startWorkerProcess({ ...database.appEnv, ...aiEnv, ...profile, ...workerEnv, LOG_LEVEL: "info" });
    stops.unshift(() => worker.stop());
    const cpu = cpuMeter({ web: () => web.pid, worker: () => worker.pid, postgres: () => 0, bench: () => process.pid }, "summary");
    await burstToSummary(warmUp, label);
    const bursts = new Map<string, Awaited<ReturnType<typeof burstToSummary>>>();
    const loadBefore = os.loadavg()[0];
    let next = 0;
    const lane = async (index: number) => {
      await delay((index * (DELAY_MS + FAKE_DELAY_MS)) / LANES);
      while (next < batch.length) {
        const lead = batch[next++];
        bursts.set(lead.id, await burstToSummary(lead, label));
      }
    };
    log(`${label}: ${batch.length} bursts of ${BURST} notes, ${LANES} lanes, delay ${DELAY_MS} ms (load ${loadBefore.toFixed(2)})`);
    cpu.mark();
    await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i)));
    // A second summary for a lead would arrive after the first: give it time to show.
    await delay(2000);
    const usage = cpu.perItem(batch.length);
    await worker.stop();
    const jobs = new Map(
      worker.output
        .join("")
        .split("\n")
        .filter((line) => line.includes('"msg":"job done"'))
        .map((line) => JSON.parse(line) as { jobId: string; time: string; durationMs: number })
        .map((done) => [String(done.jobId), Date.parse(done.time) - done.durationMs]),
    );
    const runs = batch.map((lead) => ({ lead, ...bursts.get(lead.id)!, jobStart: jobs.get(bursts.get(lead.id)!.jobId ?? "") ?? NaN, seen: stream.seen.get(lead.id)! }));
    const extra = runs.filter((run) => run.seen.length !== 1 || run.seen[0].status !== "succeeded");
    if (extra.length) log(`${label}: leads without exactly one succeeded summary: ${extra.map((run) => `${run.lead.full_name} ${run.seen.map((s) => s.status).join("+")}`).join("; ")}`);
    return { runs: runs.map((run) => ({ ...run, seen: run.seen[0] })), usage, loadBefore };
  };
  const spread = (samples: number[]) => summary(samples, [50, 99]);

  // a. OpenAI through the fake. Its timestamps are this process's performance.now().
  const openAi = await phase("a. openai", leads.slice(0, RUNS + 1), { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.url });
  const chats = fake.requests.filter((request) => request.path.endsWith("/chat/completions"));
  const requestsOf = (name: string) => chats.filter((request) => JSON.stringify(request.json).includes(`Lead: ${name}\\n`));
  const mismatched = openAi.runs.filter((run) => requestsOf(run.lead.full_name).length !== 1);
  if (mismatched.length) log(`a. leads without exactly one request to the fake: ${mismatched.map((run) => `${run.lead.full_name} ${requestsOf(run.lead.full_name).length}`).join("; ")}`);
  const a = openAi.runs.map((run) => {
    const request = requestsOf(run.lead.full_name)[0];
    const [asked, answered] = [performance.timeOrigin + request.receivedAt, performance.timeOrigin + request.answeredAt!];
    const total = run.seen.at - run.accepted;
    const model = answered - asked;
    return { total, model, overhead: total - DELAY_MS - model, early: run.due - run.accepted - DELAY_MS, pickup: run.jobStart - run.due, prepare: asked - run.jobStart, toSave: run.seen.transactionAt - answered, saved: run.seen.at - run.seen.transactionAt };
  });
  results.push(
    `a. openai (fake ${FAKE_DELAY_MS} ms, delay ${DELAY_MS} ms, ${LANES} lanes, load ${openAi.loadBefore.toFixed(2)}): ${chats.length} requests to the fake for ${RUNS} bursts and the warm-up, ${mismatched.length} bursts with other than one`,
    `a. last note answered → summary.created: ${summary(a.map((t) => t.total))}`,
    `a. the fake's own time: ${spread(a.map((t) => t.model))}`,
    `a. overhead (total − delay − fake): ${spread(a.map((t) => t.overhead))}`,
    `a.   last note answered + delay → job due (the debounce counts from the note's transaction start): ${spread(a.map((t) => t.early))}`,
    `a.   job due → started: ${spread(a.map((t) => t.pickup))}`,
    `a.   started → request at the fake: ${spread(a.map((t) => t.prepare))}`,
    `a.   answer → saving transaction begins: ${spread(a.map((t) => t.toSave))}`,
    `a.   saving transaction begins → on the stream: ${spread(a.map((t) => t.saved))}`,
    `a. ${openAi.usage}`,
  );
  results.slice(-10).forEach(log);

  // b. No key: the local analyzer, in the worker.
  const local = await phase("b. local", leads.slice(RUNS + 1), {});
  const b = local.runs.map((run) => ({ total: run.seen.at - run.accepted, early: run.due - run.accepted - DELAY_MS, pickup: run.jobStart - run.due, analyze: run.seen.transactionAt - run.jobStart, saved: run.seen.at - run.seen.transactionAt }));
  results.push(
    `b. local analyzer (delay ${DELAY_MS} ms, ${LANES} lanes, load ${local.loadBefore.toFixed(2)}): last note answered → summary.created: ${summary(b.map((t) => t.total))}`,
    `b. overhead (total − delay): ${spread(b.map((t) => t.total - DELAY_MS))}`,
    `b.   last note answered + delay → job due: ${spread(b.map((t) => t.early))}`,
    `b.   job due → started: ${spread(b.map((t) => t.pickup))}`,
    `b.   started → saving transaction begins (read, analyze): ${spread(b.map((t) => t.analyze))}`,
    `b.   saving transaction begins → on the stream: ${spread(b.map((t) => t.saved))}`,
    `b. ${local.usage}`,
  );
  results.slice(-7).forEach(log);

  // c. In this process, with the servers idle.
  results.push(analyzerThroughput(MESSAGES, ANALYZER_RUNS), ...inputPreparation(400, 200));
  results.slice(-3).forEach(log);
} finally {
  for (const stop of stops) await stop().catch(() => {});
  await admin.end().catch(() => {});
  await database.stop();
}
console.log(
  [`# bench:ai ${new Date().toISOString()}`, `${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`, ...results].join("\n"),
);
