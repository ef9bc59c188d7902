import path from "node:path";
import { MikroORM } from "@mikro-orm/postgresql";
import { Migrator } from "@mikro-orm/migrations";
import { Logger, runMigrations as runWorkerMigrations } from "graphile-worker";
import pg from "pg";
import { checkAppRole, UnsafeAppRoleError } from "./app-role-check";
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

/** The app role's only ways past row-level security: narrow SECURITY DEFINER functions (migrations create them). */
const APP_ROLE_FUNCTIONS = [
  "enqueue_job(text, json, text, timestamptz, integer)",
  "find_login_user(text)",
  "find_user_session(text)",
  "renew_user_session(text, interval)",
  "delete_user_session(text)",
  "purge_expired_user_sessions()",
  "taken_organization_slugs(text[])",
  "list_organization_ids()",
  "find_invite_by_token_hash(text)",
  "find_user_names(uuid[])",
  "live_session_ids(uuid[])",
  "find_user_memberships(uuid)",
  "find_whatsapp_connection(text)",
  "find_twilio_connection(text)",
  "list_purgeable_organization_ids(timestamptz)",
  "delete_organization_jobs(uuid)",
  "release_organization_jobs(uuid)",
  "list_unpurged_organization_ids()",
];

/** Columns the app role may write but never read back (login reads the hash through `find_login_user`). */
const UNREADABLE_COLUMNS: Record<string, string[]> = { users: ["password_hash"] };

function roleOf(connectionUrl: string) {
  return decodeURIComponent(new URL(connectionUrl).username);
}

/**
 * Brings a database to the current schema: our migrations and graphile-worker's,
 * run as the owner, then table privileges (never ownership) for the app role so
 * that row-level security binds it; refuses (UnsafeAppRoleError) an app role
 * that row-level security would not bind.
 */
export async function migrateDatabase(options: { ownerUrl: string; appUrl: string; log?: (line: string) => void }) {
  const log = options.log ?? (() => {});
  const appRole = roleOf(options.appUrl);
  if (appRole === roleOf(options.ownerUrl)) {
    throw new UnsafeAppRoleError(
      `DATABASE_URL and DATABASE_OWNER_URL both connect as "${appRole}": create a separate app role that owns nothing`,
    );
  }
  // graphile-worker's schema first: our `enqueue_job` migration wraps its add_job.
  await runWorkerMigrations({ connectionString: options.ownerUrl, logger: quietLogger });

  const orm = await initOwnerOrm(options.ownerUrl);
  try {
    const applied = await orm.migrator.up();
    log(applied.length ? `applied ${applied.length} migration(s)` : "schema up to date");
  } finally {
    await orm.close(true);
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
      ${APP_ROLE_FUNCTIONS.map((fn) => `grant execute on function ${fn} to ${role};`).join("\n")}
      grant usage on schema rate_limits to ${role};
      grant execute on all functions in schema rate_limits to ${role};
    `);
    for (const [table, hidden] of Object.entries(UNREADABLE_COLUMNS)) await grantSelectExcept(client, role, table, hidden);
  } finally {
    await client.end();
  }
  await checkAppRole(options.appUrl);
}

/** Table-level SELECT would include every column: replace it by SELECT on all columns but `hidden`. */
async function grantSelectExcept(client: pg.Client, role: string, table: string, hidden: string[]) {
  const { rows } = await client.query<{ columns: string }>(
    `select string_agg(quote_ident(column_name), ', ' order by ordinal_position) as columns
       from information_schema.columns where table_schema = 'public' and table_name = $1 and column_name <> all($2)`,
    [table, hidden],
  );
  const name = client.escapeIdentifier(table);
  await client.query(`revoke select on ${name} from ${role}; grant select (${rows[0].columns}) on ${name} to ${role};`);
}
