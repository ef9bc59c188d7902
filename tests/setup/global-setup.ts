import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import pg from "pg";
import { LocalPostgresError, startEmbeddedPostgres } from "@db/embedded-postgres";
import { migrateDatabase } from "@db/migrate";
import { startEmbeddedS3 } from "~/server/embedded-s3";
import { CHROMIUM, installMissingPrograms, REDIS_SERVER } from "../support/debian-packages";
import { TEMPLATE_DATABASE, TEST_PASSWORDS, TEST_SECRETS, type TestCluster } from "../support/cluster";

declare module "vitest" {
  export interface ProvidedContext {
    cluster: TestCluster;
  }
}

/** What this machine lacks and how to get it, in one line: a stack trace would only hide the instruction. */
function stopWith(error: unknown): never {
  console.error(`[setup] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

/**
 * One real PostgreSQL (and one S3 server) for the whole run. The template database is migrated and
 * seeded once; each test file clones it (CREATE DATABASE … TEMPLATE), which
 * takes milliseconds and keeps files independent.
 */
export default async function setup(project: TestProject) {
  try {
    installMissingPrograms([REDIS_SERVER, CHROMIUM], (line) => console.log(`[setup] ${line}`));
  } catch (error) {
    stopWith(error);
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "loved-test-"));
  await chmod(dir, 0o777);
  const database = await startEmbeddedPostgres({
    dataDir: path.join(dir, "pg"),
    database: TEMPLATE_DATABASE,
    passwords: TEST_PASSWORDS,
    persistent: false,
  }).catch((error: unknown) => (error instanceof LocalPostgresError ? stopWith(error) : Promise.reject(error)));
  // One S3-protocol server for the run; test files (forked workers) inherit its S3_* from this environment.
  const storage = await startEmbeddedS3(path.join(dir, "s3"));
  Object.assign(process.env, TEST_SECRETS, storage.env, {
    DATABASE_URL: database.appUrl,
    DATABASE_OWNER_URL: database.ownerUrl,
    DATA_DIR: path.join(dir, "data"),
  });
  await migrateDatabase({ ownerUrl: database.ownerUrl, appUrl: database.appUrl });
  const { seedDemo } = await import("@db/seeds/seed-demo");
  const { closeOrm } = await import("~/utils/db.server");
  // AI off in the template: a suite about messages should not also run summaries; AI suites turn it on for what they build.
  await seedDemo({ aiEnabled: false });
  await closeOrm();

  // A template must have no open connections when it is cloned.
  const admin = new pg.Client({ connectionString: database.superuserUrl });
  await admin.connect();
  await admin.query(`alter database ${TEMPLATE_DATABASE} with is_template true`);
  await admin.end();

  project.provide("cluster", { port: database.port, tmpDir: dir });
  return async () => {
    await storage.stop();
    await database.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
