import { z } from "zod";
import { defineJob } from "../define-job.server";

/**
 * Sends one queued outbound WhatsApp message. Keyed by the message: a
 * duplicate enqueue replaces the pending job instead of adding a second send.
 * Ten attempts with graphile-worker's exponential backoff span about six hours
 * of Graph outages or rate limits.
 */
export const whatsappSendMessageJob = defineJob({
  name: "whatsapp__send_message",
  payload: z.object({ organizationId: z.uuid(), communicationId: z.uuid() }),
  maxAttempts: 10,
  jobKey: (payload) => payload.communicationId,
});
