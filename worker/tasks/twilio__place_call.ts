import { twilioPlaceCallJob } from "~/modules/jobs/definitions/twilio__place_call.server";
import { placeCall } from "~/modules/calls/place-call.server";
import { defineTask } from "../define-task";

/** Rings the rep's phone for a click-to-call. */
export const twilioPlaceCall = defineTask(twilioPlaceCallJob, async (payload, helpers) => {
  await placeCall(payload, { lastAttempt: helpers.job.attempts >= helpers.job.max_attempts });
});
