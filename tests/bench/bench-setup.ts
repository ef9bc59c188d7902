import { createHash, randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createCookie } from "@remix-run/node";
import pg from "pg";
import { startEmbeddedPostgres } from "@db/embedded-postgres";
import { DEFAULT_HUB_OPTIONS } from "~/modules/realtime/event-hub.server";
import { migrateDatabase } from "@db/migrate";
import { startEmbeddedS3 } from "~/server/embedded-s3";

const BENCH_SESSION_SECRET = "bench-session-secret-that-is-long-enough-0123456789";

/**
 * A throwaway embedded PostgreSQL (and S3 server: the demo seed stores media)
 * for one benchmark, migrated, with this process's environment pointed at it
 * as production would be. `appEnv` is that environment, for web processes the
 * benchmark starts.
 */
export async function startBenchDatabase(name: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), `loved-bench-${name}-`));
  // As root, PostgreSQL runs as the `postgres` user, which must reach its data directory.
  await chmod(dir, 0o777);
  const database = await startEmbeddedPostgres({
    dataDir: path.join(dir, "pg"),
    database: "loved_bench",
    passwords: { superuser: "bench-superuser", owner: "bench-owner", app: "bench-app" },
    persistent: false,
  });
  const storage = await startEmbeddedS3(path.join(dir, "s3"));
  const stop = async () => {
    await storage.stop();
    await database.stop();
    await rm(dir, { recursive: true, force: true });
  };
  const appEnv = {
    NODE_ENV: "production",
    DATABASE_URL: database.appUrl,
    DATABASE_OWNER_URL: database.ownerUrl,
    DATA_DIR: path.join(dir, "data"),
    SESSION_SECRET: BENCH_SESSION_SECRET,
    ENCRYPTION_KEY: "0".repeat(64),
    ...storage.env,
  };
  Object.assign(process.env, appEnv);
  try {
    await migrateDatabase({ ownerUrl: database.ownerUrl, appUrl: database.appUrl });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    appEnv,
    appUrl: database.appUrl,
    /** The bench database as the superuser (bypasses row-level security: for generating and reading fixtures). */
    adminUrl: database.superuserUrl.replace(/\/postgres$/, "/loved_bench"),
    stop,
  };
}

/** Signs in over HTTP as a browser would; the session cookie header for later requests. */
export async function loginForCookie(url: string, email: string, password: string) {
  const response = await fetch(`${url}/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: url },
    body: new URLSearchParams({ email, password }),
    redirect: "manual",
  });
  const cookie = response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  if (response.status !== 302 || !cookie) throw new Error(`login failed: ${response.status}`);
  return cookie;
}

/**
 * Session cookies for `streams` event streams of one person: a session may hold
 * only a few streams (the hub's cap, as a browser's tabs would), so a thousand
 * streams need over a hundred sessions. Written straight into the bench
 * database the way login writes them, without a thousand argon2 logins.
 */
export async function sessionCookiesFor(adminUrl: string, email: string, streams: number) {
  const sessions = Math.ceil(streams / DEFAULT_HUB_OPTIONS.maxStreamsPerSession);
  const tokens = Array.from({ length: sessions }, () => randomBytes(32).toString("base64url"));
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(
      `insert into user_sessions (id, token_hash, user_id, expires_at, last_activity_at, created_at)
       select gen_random_uuid(), hash, (select id from users where email = $1), now() + interval '1 day', now(), now()
         from unnest($2::text[]) as hash`,
      [email, tokens.map((token) => createHash("sha256").update(token).digest("hex"))],
    );
  } finally {
    await admin.end();
  }
  const cookie = createCookie("__session", { secrets: [BENCH_SESSION_SECRET] });
  return Promise.all(tokens.map(async (token) => (await cookie.serialize(token)).split(";")[0]));
}

/** Ordering keys as `keysInOrder` gives them ("a0".."az", "b00".."bzz", …) for rank `r` (0-based), in SQL. */
export const KEY_FUNCTIONS = [
  `create function pg_temp.d(n bigint) returns text language sql immutable as
     $$ select substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', (n % 62)::int + 1, 1) $$`,
  `create function pg_temp.ordering_key(r bigint) returns text language sql immutable as $$
     select case
       when r < 62 then 'a' || pg_temp.d(r)
       when r < 3844 then 'b' || pg_temp.d(r / 62) || pg_temp.d(r)
       when r < 238328 then 'c' || pg_temp.d(r / 3844) || pg_temp.d(r / 62) || pg_temp.d(r)
     end $$`,
];

/**
 * The app from the current build on a loopback port, as the benches serve it
 * (imported late: the environment must be set first). Its closer goes to the
 * front of `close`.
 */
export async function listenBenchApp(close: (() => Promise<unknown>)[]) {
  const build = await import(pathToFileURL(path.resolve("build/index.js")).href);
  const { createApp } = await import("~/server/create-app");
  const listener = createApp({ build, trustProxy: false, errorDetails: false }).listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => listener.once("listening", () => resolve()));
  close.unshift(
    () =>
      new Promise<void>((resolve) => {
        listener.closeAllConnections();
        listener.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
}
