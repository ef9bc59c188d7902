import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "@db/embedded-postgres";
import { ensurePrivateDir, PRIVATE_FILE } from "~/utils/private-files.server";
import { startEmbeddedS3, type EmbeddedS3 } from "./embedded-s3";

interface LocalSecrets {
  postgresSuperuser: string;
  postgresOwner: string;
  postgresApp: string;
  sessionSecret: string;
  encryptionKey: string;
}

/** Secrets for the embedded defaults: generated once, kept (mode 600, in a 700 directory) under the data directory. */
export function loadLocalSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, "secrets.json");
  ensurePrivateDir(dataDir);
  if (existsSync(file)) {
    // Written by an earlier version, or copied in with a wider mode.
    chmodSync(file, 0o600);
    return JSON.parse(readFileSync(file, "utf8")) as LocalSecrets;
  }
  const secrets: LocalSecrets = {
    postgresSuperuser: randomBytes(18).toString("base64url"),
    postgresOwner: randomBytes(18).toString("base64url"),
    postgresApp: randomBytes(18).toString("base64url"),
    sessionSecret: randomBytes(32).toString("base64url"),
    encryptionKey: randomBytes(32).toString("hex"),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), PRIVATE_FILE);
  return secrets;
}

export interface LocalDefaults {
  env: Record<string, string>;
  embeddedDatabase: EmbeddedDatabase | null;
  embeddedStorage: EmbeddedS3 | null;
}

/**
 * Fills in whatever the environment leaves out so `npm start` runs with nothing
 * configured: an embedded PostgreSQL and an embedded S3 server under the data
 * directory, generated secrets, and (on that embedded database) loopback only.
 * Anything set in the environment wins.
 */
export async function applyLocalDefaults(log: (line: string) => void): Promise<LocalDefaults> {
  const dataDir = path.resolve(process.env.DATA_DIR ?? ".data");
  const env: Record<string, string> = { DATA_DIR: dataDir };
  const configured = process.env.DATABASE_URL && process.env.SESSION_SECRET && process.env.ENCRYPTION_KEY;
  let embeddedDatabase: EmbeddedDatabase | null = null;
  if (!configured) {
    // Only a machine running on defaults gets (and needs) the generated secrets file.
    const secrets = loadLocalSecrets(dataDir);
    env.SESSION_SECRET = process.env.SESSION_SECRET ?? secrets.sessionSecret;
    env.ENCRYPTION_KEY = process.env.ENCRYPTION_KEY ?? secrets.encryptionKey;
    if (!process.env.DATABASE_URL) {
      log("DATABASE_URL not set: starting embedded PostgreSQL (data in .data/postgres)");
      embeddedDatabase = await startEmbeddedPostgres({
        dataDir: path.join(dataDir, "postgres"),
        database: "loved_crm",
        passwords: { superuser: secrets.postgresSuperuser, owner: secrets.postgresOwner, app: secrets.postgresApp },
        persistent: true,
        log,
      });
      env.DATABASE_URL = embeddedDatabase.appUrl;
      env.DATABASE_OWNER_URL = embeddedDatabase.ownerUrl;
      // The demo accounts' password is in the README: not for the whole network unless HOST says so.
      if (!process.env.HOST) env.HOST = "127.0.0.1";
    }
  }
  let embeddedStorage: EmbeddedS3 | null = null;
  if (!process.env.S3_ENDPOINT) {
    log("S3_ENDPOINT not set: starting the embedded S3 server (files in .data/s3)");
    embeddedStorage = await startEmbeddedS3(path.join(dataDir, "s3"));
    Object.assign(env, embeddedStorage.env);
  }
  Object.assign(process.env, env);
  return { env, embeddedDatabase, embeddedStorage };
}
