/**
 * Writes a migration for whatever the entities changed: starts a throwaway
 * embedded PostgreSQL, applies the committed migrations, diffs the entities
 * against it and writes the difference to db/migrations.
 *   npm run db:migration:create -- <name>
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../embedded-postgres";
import { initOwnerOrm, migrateDatabase } from "../migrate";

const name = process.argv[2];
const dir = await mkdtemp(path.join(os.tmpdir(), "loved-migration-"));
const { chmod } = await import("node:fs/promises");
await chmod(dir, 0o777);
const database = await startEmbeddedPostgres({
  dataDir: path.join(dir, "pg"),
  database: "loved_migration",
  passwords: { superuser: "postgres", owner: "owner", app: "app" },
  persistent: false,
});
try {
  await migrateDatabase({ ownerUrl: database.ownerUrl, appUrl: database.appUrl });
  const orm = await initOwnerOrm(database.ownerUrl);
  try {
    const pending = await orm.migrator.getPending();
    const result = (await orm.migrator.getExecuted()).length === 0 && pending.length === 0
      ? await orm.migrator.create(undefined, false, true, name)
      : await orm.migrator.create(undefined, false, false, name);
    // A developer's tool answering the person who ran it, not a service log line.
    process.stdout.write(result.fileName ? `wrote db/migrations/${result.fileName}\n` : "entities and migrations already agree\n");
  } finally {
    await orm.close(true);
  }
} finally {
  await database.stop();
  await rm(dir, { recursive: true, force: true });
}
