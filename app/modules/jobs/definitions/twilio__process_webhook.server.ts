import { z } from "zod";
import { defineJob } from "../define-job.server";

/**
 * Applies one stored Twilio callback (a leg's status, a `<Dial>` result or a
 * recording) to its call on the timeline. Ids only: the item is read from the inbox.
 */
export const twilioProcessWebhookJob = defineJob({
  name: "twilio__process_webhook",
  payload: z.object({ organizationId: z.uuid(), inboxId: z.uuid() }),
  maxAttempts: 8,
});
