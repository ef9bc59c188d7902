import { z } from "zod";
import { defineJob } from "../define-job.server";

/**
 * Turns one stored WhatsApp webhook item (a message or a status) into its
 * timeline entry. Ids only: the item is read from the inbox. A status for a
 * message whose send has not stored its id yet waits through the retries.
 */
export const whatsappProcessWebhookJob = defineJob({
  name: "whatsapp__process_webhook",
  payload: z.object({ organizationId: z.uuid(), inboxId: z.uuid() }),
  maxAttempts: 8,
});
