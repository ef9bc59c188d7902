import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { closeRealtime } from "~/modules/realtime/realtime.server";
import { closeOrm } from "~/utils/db.server";
import { resetEnv } from "~/utils/env.server";
import { databaseUrl, TEMPLATE_DATABASE, TEST_SECRETS } from "./cluster";

export interface TestDatabase {
  name: string;
  ownerUrl: string;
  appUrl: string;
  superuserUrl: string;
  dataDir: string;
  /** A query as the schema owner (still subject to forced row-level security). */
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  /** A query as the superuser: sees every tenant, for asserting what really is in the tables. */
  adminQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
}

async function run<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Gives the calling test file its own copy of the seeded template database and
 * points the app's environment at it (app role for the app, owner for jobs).
 */
export function useTestDatabase(): TestDatabase {
  const cluster = inject("cluster");
  const name = `test_${randomBytes(6).toString("hex")}`;
  const superuserUrl = databaseUrl(cluster, "superuser", "postgres");
  const db: TestDatabase = {
    name,
    ownerUrl: databaseUrl(cluster, "owner", name),
    appUrl: databaseUrl(cluster, "app", name),
    superuserUrl: databaseUrl(cluster, "superuser", name),
    dataDir: path.join(cluster.tmpDir, name),
    query: (sql, params) => run(db.ownerUrl, sql, params),
    adminQuery: (sql, params) => run(db.superuserUrl, sql, params),
  };
  beforeAll(async () => {
    await run(superuserUrl, `create database ${name} template ${TEMPLATE_DATABASE} owner loved_owner`);
    await mkdir(db.dataDir, { recursive: true });
    Object.assign(process.env, TEST_SECRETS, {
      DATABASE_URL: db.appUrl,
      DATABASE_OWNER_URL: db.ownerUrl,
      DATA_DIR: db.dataDir,
      APP_URL: "http://localhost:3000",
    });
    resetEnv();
  });
  afterAll(async () => {
    // Realtime listeners first: dropping the database under them would make them reconnect.
    await closeRealtime();
    await closeOrm();
    resetEnv();
    await run(superuserUrl, `drop database if exists ${name} with (force)`);
  });
  return db;
}
