import { defineConfig } from "@mikro-orm/postgresql";
import * as entities from "./entities/index";

export const ENTITIES = Object.values(entities);

/** One place that knows how MikroORM talks to our database; used by web, worker, scripts and tests. */
export function createOrmConfig(options: { clientUrl: string; poolMax?: number; debug?: boolean }) {
  return defineConfig({
    clientUrl: options.clientUrl,
    entities: ENTITIES,
    pool: { min: 0, max: options.poolMax ?? 10 },
    debug: options.debug ?? false,
    // Requests and jobs always pass an explicit, context-bound fork.
    allowGlobalContext: false,
    schemaGenerator: {
      // graphile-worker owns its schema; `enqueue_job` and the rate_limits schema are hand-written in migrations.
      ignoreSchema: ["graphile_worker", "rate_limits"],
      ignoreRoutines: true,
    },
  });
}
