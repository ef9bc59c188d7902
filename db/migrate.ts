import path from "node:path";
import { MikroORM } from "@mikro-orm/postgresql";
import { Migrator } from "@mikro-orm/migrations";
import { Logger, runMigrations as runWorkerMigrations } from "graphile-worker";
import pg from "pg";
import { createOrmConfig } from "./config";

const quietLogger = new Logger(() => () => {});

export const MIGRATIONS_PATH = path.resolve("db/migrations");

/** ORM connected as the schema owner, with the migrator; only migration tooling uses it. */
export function initOwnerOrm(ownerUrl: string) {
  return MikroORM.init({
    ...createOrmConfig({ clientUrl: ownerUrl, poolMax: 2 }),
    allowGlobalContext: true,
    extensions: [Migrator],
    migrations: {
      path: MIGRATIONS_PATH,
      pathTs: MIGRATIONS_PATH,
      glob: "!(*.d).{js,ts}",
      emit: "ts",
      // The schema is compared with the live database, never with a snapshot
      // file written at deploy time into a read-only image.
      snapshot: false,
      snapshotOnMigrate: false,
      silent: true,
    },
  });
}

function roleOf(connectionUrl: string) {
  return decodeURIComponent(new URL(connectionUrl).username);
}

/**
 * Brings a database to the current schema: our migrations and graphile-worker's,
 * run as the owner, then table privileges (never ownership) for the app role so
 * that row-level security binds it.
 */
export async function migrateDatabase(options: { ownerUrl: string; appUrl: string; log?: (line: string) => void }) {
  const log = options.log ?? (() => {});
  // graphile-worker's schema first: our `enqueue_job` migration wraps its add_job.
  await runWorkerMigrations({ connectionString: options.ownerUrl, logger: quietLogger });

  const orm = await initOwnerOrm(options.ownerUrl);
  try {
    const applied = await orm.migrator.up();
    log(applied.length ? `applied ${applied.length} migration(s)` : "schema up to date");
  } finally {
    await orm.close(true);
  }

  const appRole = roleOf(options.appUrl);
  if (appRole === roleOf(options.ownerUrl)) {
    log("warning: the app connects as the schema owner; use a separate role in production");
    return;
  }
  const client = new pg.Client({ connectionString: options.ownerUrl });
  await client.connect();
  try {
    const role = client.escapeIdentifier(appRole);
    await client.query(`
      grant usage on schema public to ${role};
      grant select, insert, update, delete on all tables in schema public to ${role};
      grant usage, select on all sequences in schema public to ${role};
      revoke insert, update, delete on mikro_orm_migrations from ${role};
      grant execute on function enqueue_job(text, json, text, timestamptz, integer) to ${role};
      grant usage on schema rate_limits to ${role};
      grant execute on all functions in schema rate_limits to ${role};
    `);
  } finally {
    await client.end();
  }
}
