import type { Env } from "~/utils/env.server";
import type { BusHandlers, RealtimeBus } from "./bus.server";
import { createPostgresBus } from "./postgres-bus.server";
import { createRedisBus } from "./redis-bus.server";

/** Redis when REDIS_URL is set (several web nodes), otherwise LISTEN/NOTIFY on the app's database. */
export function createBus(env: Pick<Env, "REDIS_URL" | "DATABASE_URL">, handlers: BusHandlers): RealtimeBus {
  return env.REDIS_URL ? createRedisBus(env.REDIS_URL, handlers) : createPostgresBus(env.DATABASE_URL, handlers);
}
