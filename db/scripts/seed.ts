/** npm run db:seed — adds the demo organizations (Aurora and Boreal) unless they exist. */
import { applyLocalDefaults } from "../../app/server/local-defaults";
import { closeOrm } from "../../app/utils/db.server";
import { getEnv, getOwnerDatabaseUrl } from "../../app/utils/env.server";
import { loggerFor } from "../../app/utils/logger.server";
import { migrateDatabase } from "../migrate";
import { isDemoSeeded, seedDemo } from "../seeds/seed-demo";

const log = loggerFor("db");
const defaults = await applyLocalDefaults((line) => log.info(line));
try {
  const env = getEnv();
  await migrateDatabase({ ownerUrl: getOwnerDatabaseUrl(env), appUrl: env.DATABASE_URL });
  if (await isDemoSeeded()) {
    log.info("demo organizations already present; nothing to do");
  } else {
    await seedDemo();
    log.info("seeded Agência Aurora (/o/aurora) and Boreal Marketing (/o/boreal)");
  }
} finally {
  await closeOrm();
  await defaults.embeddedStorage?.stop();
  await defaults.embeddedDatabase?.stop();
}
