import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "@db/embedded-postgres";
import { migrateDatabase } from "@db/migrate";

/**
 * A throwaway embedded PostgreSQL for one benchmark, migrated, with this
 * process's environment pointed at it as production would be. `appEnv` is
 * that environment, for web processes the benchmark starts.
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
  const stop = async () => {
    await database.stop();
    await rm(dir, { recursive: true, force: true });
  };
  const appEnv = {
    NODE_ENV: "production",
    DATABASE_URL: database.appUrl,
    DATABASE_OWNER_URL: database.ownerUrl,
    DATA_DIR: path.join(dir, "data"),
    SESSION_SECRET: "bench-session-secret-that-is-long-enough-0123456789",
    ENCRYPTION_KEY: "0".repeat(64),
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
