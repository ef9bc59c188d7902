/**
 * `npm run bench:bundle`: what a rep downloads.
 *   1. For every page route, the JavaScript a first visit loads (entry, root,
 *      parent routes, the route and their shared chunks; gzip), its largest
 *      packages, and any server-only library that leaked into it.
 *   2. The board document for the demo organization topped up to 150 cards:
 *      HTML size (raw and gzip), inline SVGs, bytes of class attributes, and
 *      server time p50/p95 next to its data request (`board.data`), interleaved
 *      in the same run. Needs `remix build` (the npm script runs it).
 * Knobs: BENCH_BUNDLE_RUNS (40), BENCH_BUNDLE_CARDS (150).
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import pg from "pg";
import { listenBenchApp, loginForCookie, startBenchDatabase } from "./bench-setup";
import { routeBundles } from "./route-bundles";

const RUNS = Number(process.env.BENCH_BUNDLE_RUNS ?? 40);
const WARMUP = 5;
const CARDS = Number(process.env.BENCH_BUNDLE_CARDS ?? 150);
const SLUG = "aurora";
const OWNER = "owner@aurora.test";
/** Cards per column the top-up fills to (the whole column the board once rendered), so the organization holds CARDS of them. */
const COLUMN_CARDS = 30;
const TARGET = { routeGzipKB: 150, htmlKB: 250, p95Ms: 50, dataRatio: 3 };

const log = (line: string) => console.error(`[bench:bundle] ${line}`);
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

function percentile(samples: number[], p: number) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function printRoutes() {
  const lines = [
    `### JavaScript per route (first visit, gzip per file) — target ≤ ${TARGET.routeGzipKB} KB gzip for the board`,
    "",
    "| route | files | raw KB | gzip KB | server-only code | largest (≈ gzip KB) |",
    "| --- | ---: | ---: | ---: | --- | --- |",
  ];
  const routes = routeBundles();
  for (const route of routes) {
    const largest = route.largest.map((item) => `${item.name} ${kb(item.gzipBytes)}`).join(", ");
    lines.push(
      `| ${route.route} | ${route.files} | ${kb(route.rawBytes)} | ${kb(route.gzipBytes)} | ${route.serverOnly.join(", ") || "none"} | ${largest} |`,
    );
  }
  const board = routes.find((route) => route.route === "routes/o.$slug.board");
  if (board) lines.push("", `Board route: ${kb(board.gzipBytes)} KB gzip, target ≤ ${TARGET.routeGzipKB} KB ${board.gzipBytes <= TARGET.routeGzipKB * 1024 ? "met" : "MISSED"}.`);
  console.log(lines.join("\n"));
}

/** The demo seed gives Aurora about 145 cards on the first pages; quick adds fill each column to its page size. */
async function seedBoard(adminUrl: string) {
  const { seedDemo } = await import("@db/seeds/seed-demo");
  const { createLead } = await import("~/modules/leads/create-lead.server");
  const { closeOrm } = await import("~/utils/db.server");
  const { aurora } = await seedDemo();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const [owner] = (await admin.query<{ id: string; full_name: string }>(`select id, full_name from users where email = $1`, [OWNER])).rows;
    const { rows: stages } = await admin.query<{ id: string; cards: number }>(
      `select s.id, (select count(*)::int from leads l where l.stage_id = s.id and l.status <> 'archived') as cards
         from pipeline_stages s where s.organization_id = $1 and s.is_active order by s.position`,
      [aurora.id],
    );
    const actor = { organizationId: aurora.id, user: { id: owner.id, fullName: owner.full_name } };
    let shown = stages.reduce((sum, stage) => sum + Math.min(stage.cards, COLUMN_CARDS), 0);
    for (const stage of stages) {
      for (let cards = stage.cards; cards < COLUMN_CARDS && shown < CARDS; cards++, shown++) {
        await createLead(actor, { stageId: stage.id, fullName: `Lead de Teste ${shown + 1}`, phone: "+5511987650000", company: "Empresa Teste", estimatedValue: "1500.00" });
      }
    }
    return shown;
  } finally {
    await admin.end();
    await closeOrm();
  }
}

async function measureBoardDocument() {
  const database = await startBenchDatabase("bundle");
  const close: (() => Promise<unknown>)[] = [database.stop];
  try {
    const cards = await seedBoard(database.adminUrl);
    const url = await listenBenchApp(close);
    const { DEMO_PASSWORD } = await import("@db/seeds/seed-demo");
    const cookie = await loginForCookie(url, OWNER, DEMO_PASSWORD);
    // As a browser asks: compressed, so the server's gzip time counts too.
    const get = async (pathname: string) => {
      const started = performance.now();
      const response = await fetch(`${url}${pathname}`, { headers: { cookie, "accept-encoding": "gzip" } });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`${pathname} answered ${response.status}`);
      return { ms: performance.now() - started, body };
    };
    const series = { document: `/o/${SLUG}/board`, data: `/o/${SLUG}/board.data?_routes=${encodeURIComponent("routes/o.$slug.board")}` };
    const samples = { document: [] as number[], data: [] as number[] };
    const bodies = { document: "", data: "" };
    for (let round = 0; round < WARMUP + RUNS; round++) {
      // Alternating which goes first, so background load weighs on both alike.
      const order = round % 2 ? (["data", "document"] as const) : (["document", "data"] as const);
      for (const name of order) {
        const { ms, body } = await get(series[name]);
        bodies[name] = body;
        if (round >= WARMUP) samples[name].push(ms);
      }
    }
    return { cards, samples, bodies };
  } finally {
    for (const step of close) await step();
  }
}

function printBoardDocument({ cards, samples, bodies }: Awaited<ReturnType<typeof measureBoardDocument>>) {
  const html = bodies.document;
  const classBytes = [...html.matchAll(/\sclass="[^"]*"/g)].reduce((sum, match) => sum + match[0].length, 0);
  const svgs = html.match(/<svg[\s>]/g)?.length ?? 0;
  const size = (body: string) => {
    const raw = Buffer.byteLength(body);
    return { raw, gzip: gzipSync(body).length };
  };
  const doc = size(html);
  const data = size(bodies.data);
  const row = (name: string, taken: number[], bytes: { raw: number; gzip: number }) =>
    `| ${name} | ${taken.length} | ${percentile(taken, 50).toFixed(1)} | ${percentile(taken, 95).toFixed(1)} | ${kb(bytes.raw)} | ${kb(bytes.gzip)} |`;
  const docP95 = percentile(samples.document, 95);
  const dataP95 = percentile(samples.data, 95);
  const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
  console.log(
    [
      "",
      `### Board document — ${cards} cards (demo organization, topped up), ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "cpu"}, Node ${process.version}, load average ${os.loadavg()[0].toFixed(2)}`,
      "",
      "| request | runs | p50 (ms) | p95 (ms) | raw KB | gzip KB |",
      "| --- | ---: | ---: | ---: | ---: | ---: |",
      row(`GET /o/${SLUG}/board (HTML)`, samples.document, doc),
      row(`GET /o/${SLUG}/board.data (its data)`, samples.data, data),
      "",
      `HTML: ${svgs} inline <svg>, ${kb(classBytes)} KB in class="…" attributes (${((classBytes / doc.raw) * 100).toFixed(0)}% of the document).`,
      `Target ≤ ${TARGET.routeGzipKB} KB gzip JavaScript / ≤ ${TARGET.htmlKB} KB HTML / p95 ≤ ${TARGET.p95Ms} ms and ≤ ${TARGET.dataRatio}× data: ` +
        `HTML ${kb(doc.raw)} KB ${verdict(doc.raw <= TARGET.htmlKB * 1024)}; p95 ${docP95.toFixed(1)} ms ${verdict(docP95 <= TARGET.p95Ms)}; ` +
        `${(docP95 / dataP95).toFixed(1)}× data ${verdict(docP95 <= TARGET.dataRatio * dataP95)}.`,
    ].join("\n"),
  );
}

printRoutes();
if (process.env.BENCH_BUNDLE_DOCUMENT !== "0") {
  log(`seeding ${CARDS} cards and timing ${RUNS} loads of the board and of its data`);
  printBoardDocument(await measureBoardDocument());
}
