/** npm run db:migrate — applies pending migrations as the owner role and grants the app role. */
import { applyLocalDefaults } from "../../app/server/local-defaults";
import { getEnv, getOwnerDatabaseUrl } from "../../app/utils/env.server";
import { loggerFor } from "../../app/utils/logger.server";
import { UnsafeAppRoleError } from "../app-role-check";
import { migrateDatabase } from "../migrate";

const log = loggerFor("db");
const defaults = await applyLocalDefaults((line) => log.info(line));
try {
  const env = getEnv();
  await migrateDatabase({ ownerUrl: getOwnerDatabaseUrl(env), appUrl: env.DATABASE_URL, log: (line) => log.info(line) });
} catch (error) {
  if (!(error instanceof UnsafeAppRoleError)) throw error;
  log.fatal(`refusing to migrate: ${error.message}`);
  process.exitCode = 1;
} finally {
  await defaults.embeddedDatabase?.stop();
}
