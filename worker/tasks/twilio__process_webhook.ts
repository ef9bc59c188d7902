import { twilioProcessWebhookJob } from "~/modules/jobs/definitions/twilio__process_webhook.server";
import { processTwilioWebhook } from "~/modules/twilio/process-twilio-webhook.server";
import { noteInboxFailure } from "~/modules/webhooks/note-inbox-failure.server";
import { defineTask } from "../define-task";

/** One Twilio callback onto its call on the timeline. */
export const twilioProcessWebhook = defineTask(twilioProcessWebhookJob, async (payload, helpers) => {
  try {
    await processTwilioWebhook(payload);
  } catch (error) {
    await noteInboxFailure({ ...payload, error, lastAttempt: helpers.job.attempts >= helpers.job.max_attempts });
    throw error;
  }
});
