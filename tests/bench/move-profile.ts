/**
 * Where a move's own time goes, in process (no HTTP, no SSE clients), on a
 * throwaway embedded PostgreSQL with the demo seed: the guard's session and
 * membership lookups, the move transaction with its publish, and one database
 * round trip and one empty tenant transaction for scale. A diagnostic for the
 * SSE benchmark's "first stream" column; not part of `npm run bench:board`.
 *   node_modules/.bin/node --import tsx tests/bench/move-profile.ts   (BENCH_RUNS=300)
 */
import pg from "pg";
import { startBenchDatabase } from "./bench-setup";

const RUNS = Number(process.env.BENCH_RUNS ?? 300);
const database = await startBenchDatabase("move");
try {
  const { seedDemo } = await import("@db/seeds/seed-demo");
  await seedDemo();
  const { getOrm, closeOrm, withOrganization } = await import("~/utils/db.server");
  const { createUserSession, getSessionUser } = await import("~/utils/session.server");
  const { requireMember } = await import("~/utils/membership.server");
  const { moveLead } = await import("~/modules/leads/move-lead.server");
  const { closeRealtime } = await import("~/modules/realtime/realtime.server");

  const admin = new pg.Client({ connectionString: database.adminUrl });
  await admin.connect();
  const {
    rows: [lead],
  } = await admin.query<{ id: string; stage_id: string; version: number; user_id: string }>(
    `select l.id, l.stage_id, l.version, (select id from users where email = 'owner@aurora.test') as user_id
       from leads l join organizations o on o.id = l.organization_id where o.slug = 'aurora' order by l.position limit 1`,
  );
  const { rows: stages } = await admin.query<{ id: string }>(
    `select s.id from pipeline_stages s join organizations o on o.id = s.organization_id where o.slug = 'aurora' and s.is_active and s.id <> $1 order by s.position limit 1`,
    [lead.stage_id],
  );
  await admin.end();
  const url = "http://127.0.0.1/o/aurora/board";
  const cookie = (await createUserSession(new Request(url), lead.user_id, { ipAddress: "127.0.0.1", userAgent: "bench" })).split(";")[0];
  const request = () => new Request(url, { headers: { cookie } });
  const member = await requireMember(request(), "aurora");
  const actor = { organizationId: member.organization.id, user: { id: member.user.id, fullName: member.user.fullName } };
  const stageIds = [stages[0].id, lead.stage_id];
  let version = lead.version;
  let moves = 0;
  const orm = await getOrm();

  const series: Record<string, () => Promise<unknown>> = {
    "round trip (select 1, no transaction)": () => orm.em.fork().execute("select 1"),
    "empty withOrganization transaction": () => withOrganization(actor.organizationId, async () => {}),
    "getSessionUser": () => getSessionUser(request()),
    "requireMember (session + membership)": () => requireMember(request(), "aurora"),
    "moveLead (transaction + publish)": async () => {
      const result = await moveLead(actor, { leadId: lead.id, toStageId: stageIds[moves++ % 2], afterLeadId: null, version });
      if (result.status !== "moved") throw new Error(`move: ${result.status}`);
      version++;
    },
  };
  const samples = new Map(Object.keys(series).map((name) => [name, [] as number[]]));
  for (let round = 0; round < 30 + RUNS; round++) {
    for (const [name, run] of Object.entries(series)) {
      const started = performance.now();
      await run();
      if (round >= 30) samples.get(name)!.push(performance.now() - started);
    }
  }
  const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.ceil((p / 100) * values.length) - 1].toFixed(2);
  console.log("| span | p50 ms | p99 ms |\n| --- | ---: | ---: |");
  for (const [name, values] of samples) console.log(`| ${name} | ${pct(values, 50)} | ${pct(values, 99)} |`);
  await closeRealtime();
  await closeOrm();
} finally {
  await database.stop();
}
