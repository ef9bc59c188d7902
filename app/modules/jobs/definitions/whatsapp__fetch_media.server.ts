import { z } from "zod";
import { defineJob } from "../define-job.server";

/**
 * Fetches an inbound message's media from Meta into storage while its link
 * is fresh (Meta's media URLs live minutes, ids days). Retried with backoff;
 * the message shows "mídia indisponível" until one attempt succeeds.
 */
export const whatsappFetchMediaJob = defineJob({
  name: "whatsapp__fetch_media",
  payload: z.object({ organizationId: z.uuid(), communicationId: z.uuid() }),
  maxAttempts: 8,
  jobKey: (payload) => payload.communicationId,
});
