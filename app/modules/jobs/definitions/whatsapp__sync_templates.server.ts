import { z } from "zod";
import { defineJob } from "../define-job.server";

/**
 * Reads a connection's message templates from Meta. One pending job per
 * connection: pressing "sync" twice queues one sync.
 */
export const whatsappSyncTemplatesJob = defineJob({
  name: "whatsapp__sync_templates",
  payload: z.object({ organizationId: z.uuid(), connectionId: z.uuid() }),
  maxAttempts: 5,
  jobKey: (payload) => payload.connectionId,
});
