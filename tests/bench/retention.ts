/**
 * `npm run bench:retention`: one retention pass over an organization with
 * RETENTION_BENCH_COMMUNICATIONS (1,000,000) timeline entries, of which
 * RETENTION_BENCH_EXPIRED (200,000) are past the plan's 7 years and
 * RETENTION_BENCH_MEDIA (10,000) of those carry a file in the embedded S3,
 * on a throwaway embedded PostgreSQL with one production web process.
 * Prints items per second for the whole pass (every kind counted), S3
 * deletes per second for the media step alone, and the board loader's
 * p95 (`GET /o/carga/board.data`, another organization of 1,000 leads)
 * while the pass runs against idle, measured in the same run.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import pg from "pg";
import { runRetentionPass } from "~/modules/retention/run-retention-pass.server";
import { closeOrm } from "~/utils/db.server";
import { resetEnv } from "~/utils/env.server";
import { getStorage } from "~/utils/storage.server";
import { startWebProcess, type WebProcess } from "../realtime/web-process";
import { startBenchDatabase } from "./bench-setup";
import { summary, percentile } from "./bench-stats";
import { seedLoadOrganization, SLUG } from "./load/seed";

const knob = (name: string, fallback: number) => Number(process.env[`RETENTION_BENCH_${name}`] ?? fallback);
const TOTAL = knob("COMMUNICATIONS", 1_000_000);
const EXPIRED = knob("EXPIRED", 200_000);
const MEDIA = knob("MEDIA", 10_000);
const IDLE_REQUESTS = knob("IDLE_REQUESTS", 300);
const UPLOADS_IN_FLIGHT = 32;
const log = (line: string) => console.error(`[bench:retention] ${line}`);
const seconds = (ms: number) => (ms / 1000).toFixed(1);

const database = await startBenchDatabase("retention");
const admin = new pg.Client({ connectionString: database.adminUrl });
const stops: (() => Promise<unknown>)[] = [];
const results: string[] = [];
try {
  const s3 = spawn(path.join(process.cwd(), "node_modules/.bin/tsx"), ["tests/bench/embedded-s3-process.ts", await mkdtemp(path.join(os.tmpdir(), "loved-bench-s3-"))], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  stops.push(async () => void s3.kill("SIGKILL"));
  const [line] = (await once(s3.stdout, "data")) as [Buffer];
  const s3Env = JSON.parse(line.toString()) as Record<string, string>;
  Object.assign(database.appEnv, s3Env);
  Object.assign(process.env, s3Env);
  resetEnv();
  await admin.connect();
  const other = await seedLoadOrganization({ adminUrl: database.adminUrl, sessionSecret: database.appEnv.SESSION_SECRET, passwordHash: "x", reps: 4, leadsPerRep: 250 });
  const cookie = other.reps[0].cookie;

  let started = performance.now();
  const {
    rows: [{ id: organizationId }],
  } = await admin.query<{ id: string }>(
    `insert into organizations (id, name, slug, created_at, updated_at) values (gen_random_uuid(), 'Agência Arquivo', 'arquivo', now(), now()) returning id`,
  );
  await admin.query(
    `insert into pipeline_stages (id, organization_id, name, position, color, created_at, updated_at) values (gen_random_uuid(), $1, 'Novo', 0, '#888888', now(), now())`,
    [organizationId],
  );
  await admin.query(
    `insert into leads (id, organization_id, full_name, stage_id, position, created_at, updated_at)
     select gen_random_uuid(), $1, 'Cliente ' || g, (select id from pipeline_stages where organization_id = $1), 'a' || lpad(g::text, 6, '0'), now(), now()
       from generate_series(1, 2000) g`,
    [organizationId],
  );
  // Entry g: expired (older than 7 years and 40 days) for g <= EXPIRED, the rest spread over the last 6 years; every (EXPIRED / MEDIA)th expired one is an image.
  await admin.query(
    `insert into communications (id, organization_id, lead_id, channel, direction, content, metadata, status, sent_at, created_at, updated_at)
     select gen_random_uuid(), $1, l.ids[1 + g % 2000], 'whatsapp', case when g % 2 = 0 then 'inbound' else 'outbound' end,
            'Mensagem ' || g || ' sobre o orçamento do site, prazo e forma de pagamento combinados com o cliente.',
            case when g <= $3 and g % $4 = 0 then '{"kind":"image"}'::jsonb else '{"kind":"text"}'::jsonb end,
            'received', t.at, t.at, t.at
       from (select array_agg(id) as ids from leads where organization_id = $1) l
       cross join generate_series(1, $2::int) g
       cross join lateral (select case when g <= $3 then now() - interval '2600 days' + g * interval '1 second'
                                       else now() - (g % 2190) * interval '1 day' - (g % 86400) * interval '1 second' end as at) t`,
    [organizationId, TOTAL, EXPIRED, Math.max(1, Math.floor(EXPIRED / MEDIA))],
  );
  await admin.query(
    `insert into stored_files (id, organization_id, kind, storage_key, content_type, size_bytes, sha256, communication_id, created_at)
     select f.id, $1::uuid, 'whatsapp_media', 'org/' || $1::text || '/whatsapp_media/' || f.id, 'image/jpeg', 1024, repeat('0', 64), f.entry_id, f.sent_at
       from (select gen_random_uuid() as id, c.id as entry_id, c.sent_at from communications c
              where c.organization_id = $1::uuid and c.metadata ->> 'kind' = 'image') f`,
    [organizationId],
  );
  await admin.query(
    `update communications c set metadata = jsonb_build_object('kind', 'image', 'media', jsonb_build_object('kind', 'image', 'fileId', f.id::text, 'state', 'stored'))
       from stored_files f where f.organization_id = $1 and f.communication_id = c.id`,
    [organizationId],
  );
  const { rows: files } = await admin.query<{ storage_key: string }>(`select storage_key from stored_files where organization_id = $1`, [organizationId]);
  const seeded = performance.now() - started;
  started = performance.now();
  const { client, bucket } = await getStorage();
  const body = Buffer.alloc(1024, 7);
  let next = 0;
  await Promise.all(
    Array.from({ length: UPLOADS_IN_FLIGHT }, async () => {
      while (next < files.length) {
        const key = files[next++].storage_key;
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: "image/jpeg" }));
      }
    }),
  );
  log(`seeded ${TOTAL} entries (${EXPIRED} expired, ${files.length} with media) in ${seconds(seeded)} s; uploaded ${files.length} objects in ${seconds(performance.now() - started)} s`);
  await admin.query("vacuum analyze");

  const web: WebProcess = await startWebProcess({ ...database.appEnv, LOG_LEVEL: "warn" });
  stops.unshift(() => web.stop());
  const loadBoard = async () => {
    const at = performance.now();
    const response = await fetch(`${web.url}/o/${SLUG}/board.data?_routes=routes/o.$slug.board`, { headers: { cookie } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`board.data answered ${response.status}`);
    return performance.now() - at;
  };
  for (let i = 0; i < 30; i++) await loadBoard();
  const idle: number[] = [];
  for (let i = 0; i < IDLE_REQUESTS; i++) idle.push(await loadBoard());

  // The pass, with the board loaded one request after another for as long as it runs.
  const during: number[] = [];
  let running = true;
  const board = (async () => {
    while (running) during.push(await loadBoard());
  })();
  const marks: Record<string, number> = {};
  const loadBefore = os.loadavg()[0];
  started = performance.now();
  const { counts } = await runRetentionPass(
    { organizationId, trigger: "manual", requestedBy: null },
    {
      afterBatch: (step) => {
        marks[step] = performance.now();
      },
    },
  );
  const elapsed = performance.now() - started;
  running = false;
  await board;

  const { rows: left } = await admin.query<{ entries: string; files: string }>(
    `select (select count(*) from communications where organization_id = $1 and redacted_at is null and sent_at < now() - interval '2557 days') as entries,
            (select count(*) from stored_files where organization_id = $1) as files`,
    [organizationId],
  );
  const items = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const mediaMs = marks.media - marks.communications;
  const [idleP95, duringP95] = [percentile([...idle].sort((a, b) => a - b), 95), percentile([...during].sort((a, b) => a - b), 95)];
  results.push(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load before the pass ${loadBefore.toFixed(2)}`,
    `pass: ${JSON.stringify(counts)} in ${seconds(elapsed)} s → ${Math.round(items / (elapsed / 1000))} items/s (target ≥ 5,000); left behind: ${left[0].entries} expired entries, ${left[0].files} files`,
    `  entries redacted: ${Math.round((counts.communications ?? 0) / ((marks.communications - started) / 1000))} /s over ${seconds(marks.communications - started)} s`,
    `  S3 deletes (objects then rows): ${Math.round((counts.media ?? 0) / (mediaMs / 1000))} /s over ${seconds(mediaMs)} s`,
    `board loader, another organization (1,000 leads), idle: ${summary(idle)}`,
    `board loader during the pass: ${summary(during)}`,
    `p95 during / idle: ${(duringP95 / idleP95).toFixed(2)} (target ≤ 1.5)`,
  );
} finally {
  for (const stop of stops) await stop().catch(() => {});
  await closeOrm().catch(() => {});
  await admin.end().catch(() => {});
  await database.stop();
}
console.log(results.join("\n"));
