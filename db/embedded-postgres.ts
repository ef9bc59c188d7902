import { existsSync, readFileSync, statSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import pg from "pg";
import type { Account } from "./local-postgres/access";
import { serverAccount } from "./local-postgres/account";
import { reachableBinaries } from "./local-postgres/binaries";
import { placeDataDir, removeDataDir } from "./local-postgres/data-dir";
import { initCluster, startServer, type RunningServer } from "./local-postgres/server-process";

export { LocalPostgresError } from "./local-postgres/errors";

export interface EmbeddedDatabase {
  superuserUrl: string;
  ownerUrl: string;
  appUrl: string;
  port: number;
  /** Stops the server; a throwaway (non-persistent) cluster's files go with it. */
  stop(): Promise<void>;
  /** Stops and starts the server on the same port and data (what an operator's restart looks like to clients). */
  restart(): Promise<void>;
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

const SETTINGS = { listen_addresses: "127.0.0.1", unix_socket_directories: "", max_connections: "300" };

/**
 * Starts a real PostgreSQL from the binaries shipped in npm packages, on a free
 * loopback port, creating the cluster on first use. As root it runs the server
 * as the unprivileged `postgres` system user (PostgreSQL refuses to run as
 * root), with binaries and data placed where that user can reach them.
 * Failures a person can fix throw LocalPostgresError (one line, two languages).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  database: string;
  passwords: EmbeddedPasswords;
  persistent: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const port = await findFreePort();
  const account = serverAccount();
  const binaries = await reachableBinaries(account);
  const dataDir = await placeDataDir(options.dataDir, account);
  if (dataDir !== path.resolve(options.dataDir)) options.log?.(`PostgreSQL files: ${dataDir} (the postgres user cannot enter ${path.dirname(path.resolve(options.dataDir))})`);
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    await initCluster({ binaries, dataDir, account, superuserPassword: options.passwords.superuser });
  }
  await stopLeftoverServer(dataDir, account, options.log);
  const start = () => startServer({ binaries, dataDir, account, port, settings: SETTINGS });
  let server: RunningServer = await start();

  const superuserUrl = url("postgres", options.passwords.superuser, port, "postgres");
  await ensureRolesAndDatabase(superuserUrl, options.database, options.passwords);
  return {
    superuserUrl,
    ownerUrl: url(OWNER_ROLE, options.passwords.owner, port, options.database),
    appUrl: url(APP_ROLE, options.passwords.app, port, options.database),
    port,
    async stop() {
      await server.stop();
      if (!options.persistent) await removeDataDir(options.dataDir, dataDir);
    },
    async restart() {
      await server.stop();
      server = await start();
    },
  };
}

/** A previous run killed without cleanup leaves its postmaster holding the data directory; stop it first. */
async function stopLeftoverServer(databaseDir: string, account: Account | null, log?: (line: string) => void) {
  const pidFile = path.join(databaseDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  // The pid file is the server account's to write: signal only a process that account really runs.
  if (account && statSync(`/proc/${pid}`, { throwIfNoEntry: false })?.uid !== account.uid) return;
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
