import type { Task } from "graphile-worker";
import { purgeEvents } from "~/modules/realtime/purge-events.server";

/** Every 5 minutes: drops realtime events past the replay window, organization by organization. */
export const realtimePurgeEvents: Task = async (_payload, helpers) => {
  const { organizations, purged } = await purgeEvents();
  helpers.logger.info(`purged ${purged} realtime event(s) across ${organizations} organization(s)`);
};
