import { realtimePurgeEventsJob } from "~/modules/jobs/definitions/realtime__purge_events.server";
import { purgeEvents } from "~/modules/realtime/purge-events.server";
import { defineTask } from "../define-task";

/** Every 5 minutes: drops realtime events past the replay window, organization by organization. */
export const realtimePurgeEvents = defineTask(realtimePurgeEventsJob, async (_payload, helpers) => {
  const { organizations, purged } = await purgeEvents();
  helpers.logger.info(`purged ${purged} realtime event(s) across ${organizations} organization(s)`);
});
