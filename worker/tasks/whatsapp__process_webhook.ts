import { whatsappProcessWebhookJob } from "~/modules/jobs/definitions/whatsapp__process_webhook.server";
import { noteInboxFailure } from "~/modules/webhooks/note-inbox-failure.server";
import { processWhatsAppWebhook } from "~/modules/whatsapp/process-whatsapp-webhook.server";
import { defineTask } from "../define-task";

/** A status waiting for its message's id is not an error worth a stack trace: the job simply runs again later. */
class NotYet extends Error {
  constructor() {
    super("waiting for the message this status belongs to");
    this.name = "NotYet";
  }
}

/** One WhatsApp inbox item onto its lead's timeline. */
export const whatsappProcessWebhook = defineTask(whatsappProcessWebhookJob, async (payload, helpers) => {
  let outcome: "done" | "retry";
  try {
    outcome = await processWhatsAppWebhook(payload);
  } catch (error) {
    await noteInboxFailure({ ...payload, error, lastAttempt: helpers.job.attempts >= helpers.job.max_attempts });
    throw error;
  }
  if (outcome === "retry") throw new NotYet();
});
