/**
 * Board loader benchmark (`npm run bench:board`): one organization with 10,000
 * leads while 1,000 other organizations hold 1,000 leads each, on a throwaway
 * embedded PostgreSQL. Measures, in the same run:
 *   - `getBoard` (the board loader's domain function: one statement, through the ORM, RLS on);
 *   - the whole loader over HTTP (`GET /o/:slug/board.data`: session, membership, Remix, encoding);
 *   - raw SQL: the minimal plain queries returning the same information, over one pg connection;
 * and prints p50/p95 and the loader/raw ratio as a markdown table. The series
 * run interleaved, round by round, so background load weighs on each alike.
 *   BENCH_RUNS=300 BENCH_OTHER_ORGS=1000 BENCH_OTHER_LEADS=1000 BENCH_LEADS=10000 (defaults)
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { KEY_FUNCTIONS, listenBenchApp, loginForCookie, startBenchDatabase } from "./bench-setup";

const RUNS = Number(process.env.BENCH_RUNS ?? 300);
const WARMUP = 30;
const BIG_ORG_LEADS = Number(process.env.BENCH_LEADS ?? 10_000);
const OTHER_ORGS = Number(process.env.BENCH_OTHER_ORGS ?? 1_000);
const OTHER_ORG_LEADS = Number(process.env.BENCH_OTHER_LEADS ?? 1_000);
const MEMBERS_PER_ORG = 4;
const PASSWORD = "bench-password-2026";

const log = (line: string) => console.error(`[bench:board] ${line}`);


function percentile(samples: number[], p: number) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

interface Series {
  /** Untimed: what must happen before each run (e.g. a change committed by someone else). */
  prepare?: () => Promise<unknown>;
  run: () => Promise<unknown>;
}

/**
 * Runs every series once per round, in rotating order, so that whatever else
 * the machine does at the time weighs on all of them alike.
 */
async function measure(runs: number, series: Record<string, Series>) {
  const entries = Object.entries(series);
  const samples = new Map(entries.map(([name]) => [name, [] as number[]]));
  for (let round = 0; round < WARMUP + runs; round++) {
    for (let i = 0; i < entries.length; i++) {
      const [name, { prepare, run }] = entries[(round + i) % entries.length];
      await prepare?.();
      const started = performance.now();
      await run();
      if (round >= WARMUP) samples.get(name)!.push(performance.now() - started);
    }
  }
  return entries.map(([name]) => {
    const taken = samples.get(name)!;
    return { name, runs: taken.length, p50: percentile(taken, 50), p95: percentile(taken, 95) };
  });
}

async function generate(superuserUrl: string, passwordHash: string) {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  const q = (text: string, params: unknown[] = []) => client.query(text, params);
  try {
    for (const statement of KEY_FUNCTIONS) await q(statement);
    const started = performance.now();
    await q("begin");
    // Organization 0 is the one measured; 1..N are the neighbours sharing the tables.
    await q(
      `insert into organizations (id, name, slug, created_at, updated_at)
       select gen_random_uuid(), case when g = 0 then 'Agência Grande' else 'Agência ' || g end,
              case when g = 0 then 'grande' else 'agencia-' || g end, now(), now()
         from generate_series(0, $1::int) g`,
      [OTHER_ORGS],
    );
    await q(
      `insert into users (id, email, password_hash, full_name, created_at, updated_at)
       select gen_random_uuid(), o.slug || '-' || m || '@bench.test', $1,
              (array['Ana','Bruno','Carla','Diego','Elisa','Fábio'])[1 + (m + length(o.slug)) % 6] || ' ' ||
              (array['Souza','Lima','Costa','Alves','Rocha'])[1 + m % 5], now(), now()
         from organizations o cross join generate_series(1, $2::int) m`,
      [passwordHash, MEMBERS_PER_ORG],
    );
    await q(
      `insert into organization_members (id, organization_id, user_id, role, joined_at, updated_at)
       select gen_random_uuid(), o.id, u.id, case when u.email like '%-1@bench.test' then 'owner' else 'member' end, now(), now()
         from organizations o join users u on u.email like o.slug || '-%@bench.test'`,
    );
    await q(
      `insert into pipeline_stages (id, organization_id, name, position, color, stage_type, is_active, created_at, updated_at)
       select gen_random_uuid(), o.id, s.name, s.position, s.color, s.type, true, now(), now()
         from organizations o
        cross join (values (0, 'Lead', '#ef4444', 'lead'), (1, 'Contato', '#f97316', 'contact'), (2, 'Proposta', '#eab308', 'proposal'),
                           (3, 'Negociação', '#22c55e', 'negotiation'), (4, 'Fechado', '#6366f1', 'closed')) s(position, name, color, type)`,
    );
    // Leads: stage = g % 5, rank in stage = g / 5 (so keys are unique per stage), the rest pseudo-random from g.
    await q(`
      create temp table bench_orgs as
      select o.id, case when o.slug = 'grande' then ${Math.trunc(BIG_ORG_LEADS)} else ${Math.trunc(OTHER_ORG_LEADS)} end as lead_count,
             (select array_agg(s.id order by s.position) from pipeline_stages s where s.organization_id = o.id) as stages,
             (select array_agg(m.user_id order by m.user_id) from organization_members m where m.organization_id = o.id) as members
        from organizations o`);
    await q(`
      insert into leads (id, organization_id, full_name, email, phone, company, stage_id, position, assignee_id, source, priority,
                         tags, estimated_value, status, version, last_contact_at, last_contact_channel, created_at, updated_at)
      select gen_random_uuid(), o.id,
             (array['Ana','Bruno','Carla','Diego','Elisa','Fábio','Gabriela','Heitor','Isabela','João'])[1 + g % 10] || ' ' ||
             (array['Souza','Lima','Costa','Alves','Rocha','Melo','Pires'])[1 + (g / 10) % 7] || ' ' || g,
             'contato' || g || '@cliente' || (g % 97) || '.test',
             '+55119' || lpad(((g * 7919) % 100000000)::text, 8, '0'),
             case when g % 4 = 0 then null else 'Empresa ' || (g % 300) end,
             o.stages[1 + g % 5],
             pg_temp.ordering_key(g / 5),
             case when g % 6 = 0 then null else o.members[1 + g % array_length(o.members, 1)] end,
             (array['whatsapp','instagram','site','indicacao','google_ads','meta_ads','evento','linkedin'])[1 + (g * 31) % 8],
             (array['low','medium','medium','high','urgent'])[1 + (g * 13) % 5],
             case (g * 17) % 5 when 0 then '{}'::text[] when 1 then array['quente'] when 2 then array['quente','b2b']
                               when 3 then array['e-commerce'] else array['retorno','b2b','saúde'] end,
             case when g % 9 = 0 then null else ((g * 7717) % 9000000) / 100.0 + 500 end,
             case when g % 33 = 0 then 'archived' when g % 5 = 4 and g % 2 = 0 then 'won' else 'active' end,
             1 + g % 4,
             now() - ((g % 2000) || ' hours')::interval,
             (array['whatsapp','phone','email','meeting','note'])[1 + g % 5],
             now() - ((g % 4000) || ' hours')::interval, now()
        from bench_orgs o cross join lateral generate_series(0, o.lead_count - 1) g`);
    await q(
      `insert into realtime_sequences (organization_id, last_event_id) select id, 4242 from organizations where slug = 'grande'`,
    );
    await q("commit");
    log(`generated ${OTHER_ORGS + 1} organizations, ${BIG_ORG_LEADS + OTHER_ORGS * OTHER_ORG_LEADS} leads in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const vacuumStarted = performance.now();
    await q("vacuum analyze");
    log(`vacuum analyze in ${((performance.now() - vacuumStarted) / 1000).toFixed(1)} s`);
    const [org] = (await q(`select id from organizations where slug = 'grande'`)).rows as { id: string }[];
    const [owner] = (await q(`select id, email from users where email = 'grande-1@bench.test'`)).rows as { id: string; email: string }[];
    const [{ server_version }] = (await q("show server_version")).rows as { server_version: string }[];
    return { organizationId: org.id, user: owner, postgres: server_version };
  } finally {
    await client.end();
  }
}

/**
 * The same information with plain queries, as one would write them by hand:
 * stages, per-stage count and sum, the first 31 cards of each stage with the
 * assignee's name, members, sources, tags and the last event id.
 */
async function rawBoard(client: pg.Client, organizationId: string) {
  await client.query("begin");
  try {
    await client.query(`select set_config('app.organization_id', $1, true)`, [organizationId]);
    const stages = await client.query<{ id: string }>(
      `select id, name, color from pipeline_stages where organization_id = $1 and is_active order by position`,
      [organizationId],
    );
    const ids = stages.rows.map((row) => row.id);
    await client.query(
      `select stage_id, count(*), sum(estimated_value) from leads
        where organization_id = $1 and status <> 'archived' group by stage_id`,
      [organizationId],
    );
    await client.query(
      `select c.* from unnest($2::uuid[]) s(id) cross join lateral (
         select l.id, l.version, l.stage_id, l.position, l.full_name, l.company, l.estimated_value, l.source, l.priority, l.tags,
                l.assignee_id, u.full_name as assignee_name, l.last_contact_at, l.last_contact_channel
           from leads l left join users u on u.id = l.assignee_id
          where l.organization_id = $1 and l.stage_id = s.id and l.status <> 'archived'
          order by l.position limit 31) c`,
      [organizationId, ids],
    );
    await client.query(
      `select u.id, u.full_name from organization_members m join users u on u.id = m.user_id where m.organization_id = $1`,
      [organizationId],
    );
    await client.query(
      `select distinct source from leads where organization_id = $1 and status <> 'archived' and source is not null`,
      [organizationId],
    );
    await client.query(`select distinct unnest(tags) from leads where organization_id = $1 and status <> 'archived'`, [organizationId]);
    await client.query(`select last_event_id from realtime_sequences where organization_id = $1`, [organizationId]);
    await client.query("commit");
  } catch (error) {
    await client.query("rollback");
    throw error;
  }
}

async function main() {
  const database = await startBenchDatabase("board");
  const close: (() => Promise<unknown>)[] = [];
  try {
    const { hashPassword } = await import("~/utils/password.server");
    const benchUrl = database.adminUrl;
    const { organizationId, user, postgres } = await generate(benchUrl, await hashPassword(PASSWORD));

    const { getBoard } = await import("~/modules/board/get-board.server");
    const { parseBoardFilters } = await import("~/modules/board/board-filters.server");
    const { closeOrm } = await import("~/utils/db.server");
    close.push(closeOrm);
    const viewer = { organizationId, userId: user.id };
    const noFilters = parseBoardFilters(new URLSearchParams());
    const board = await getBoard(viewer, noFilters);
    const shown = board.stages.reduce((sum, stage) => sum + stage.leads.length, 0);
    const counted = board.stages.reduce((sum, stage) => sum + stage.count, 0);
    log(`board: ${board.stages.length} columns, ${counted} leads counted, ${shown} cards on the first pages`);

    const raw = new pg.Client({ connectionString: database.appUrl });
    await raw.connect();
    close.push(() => raw.end());
    const admin = new pg.Client({ connectionString: benchUrl });
    await admin.connect();
    close.push(() => admin.end());

    let http: (() => Promise<void>) | null = null;
    try {
      const url = await listenBenchApp(close);
      const cookie = await loginForCookie(url, user.email, PASSWORD);
      http = async () => {
        const response = await fetch(`${url}/o/grande/board.data?_routes=routes/o.$slug.board`, { headers: { cookie } });
        if (response.status !== 200) throw new Error(`board.data answered ${response.status}`);
        await response.arrayBuffer();
      };
    } catch (error) {
      log(`skipping the HTTP series (run \`remix build\` first): ${error instanceof Error ? error.message : String(error)}`);
    }

    const RAW = "raw SQL: 7 plain queries over pg (stages, totals, first pages, members, sources, tags, last event id)";
    const LOADER = "getBoard: the loader's domain function (one statement, ORM, RLS)";
    const CHANGED = "getBoard right after a change (an event since the last load: facets read again)";
    const HTTP = "whole loader over HTTP (`board.data`: session, membership, Remix, encoding)";
    // Stands for a change committed by someone else: the organization's event id moves on.
    const commitEvent = () =>
      admin.query(`update realtime_sequences set last_event_id = last_event_id + 1 where organization_id = $1`, [organizationId]);
    const results = await measure(RUNS, {
      [RAW]: { run: () => rawBoard(raw, organizationId) },
      [LOADER]: { run: () => getBoard(viewer, noFilters) },
      [CHANGED]: { prepare: commitEvent, run: () => getBoard(viewer, noFilters) },
    });
    // On its own: the HTTP app has its own copy of the modules (and of the facets), which the changes above would keep cold.
    if (http) results.push(...(await measure(RUNS, { [HTTP]: { run: http } })));
    const filtered = Object.fromEntries(
      [
        ["assignee=mine", "assignee=mine"],
        ["q=souza (free text)", "q=souza"],
        ["tag=quente&min=10.000,00", "tag=quente&min=10.000,00"],
      ].map(([label, query]) => [`getBoard with ${label}`, { run: () => getBoard(viewer, parseBoardFilters(new URLSearchParams(query))) }]),
    );
    results.push(...(await measure(Math.ceil(RUNS / 3), filtered)));

    const rawP = results.find((r) => r.name === RAW)!;
    const loader = results.find((r) => r.name === LOADER)!;
    const changed = results.find((r) => r.name === CHANGED)!;
    const whole = results.find((r) => r.name === HTTP);
    const ms = (value: number) => value.toFixed(2);
    const [load1] = os.loadavg();
    const lines = [
      `### Board loader — ${BIG_ORG_LEADS.toLocaleString("en")} leads in the organization, ${OTHER_ORGS.toLocaleString("en")} other organizations × ${OTHER_ORG_LEADS.toLocaleString("en")} leads`,
      "",
      `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}; Node ${process.version}; PostgreSQL ${postgres} (embedded, default settings); ${new Date().toISOString().slice(0, 10)}; load average ${load1.toFixed(2)} at the end`,
      "",
      "| series | runs | p50 (ms) | p95 (ms) |",
      "| --- | ---: | ---: | ---: |",
      ...results.map((r) => `| ${r.name} | ${r.runs} | ${ms(r.p50)} | ${ms(r.p95)} |`),
      "",
      `getBoard / raw SQL: p50 ${(loader.p50 / rawP.p50).toFixed(2)}×, p95 ${(loader.p95 / rawP.p95).toFixed(2)}×; right after a change ${(changed.p95 / rawP.p95).toFixed(2)}× at p95 (target ≤ 3×).`,
      `getBoard p95 ${ms(loader.p95)} ms, right after a change ${ms(changed.p95)} ms (target ≤ 25 ms)${whole ? `; whole HTTP loader p95 ${ms(whole.p95)} ms` : ""}.`,
    ];
    console.log(lines.join("\n"));
  } finally {
    for (const step of close) await step().catch(() => {});
    await database.stop();
  }
}

await main();
