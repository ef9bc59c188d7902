import { z } from "zod";
import { defineJob } from "../define-job.server";

/**
 * Asks Twilio to ring the rep's phone for a click-to-call; the lead is dialled
 * by the TwiML once the rep answers. Placed at most once: a retry after an
 * unknown outcome ends the call as failed rather than ringing the rep twice.
 */
export const twilioPlaceCallJob = defineJob({
  name: "twilio__place_call",
  payload: z.object({ organizationId: z.uuid(), callId: z.uuid() }),
  maxAttempts: 5,
  jobKey: (payload) => payload.callId,
});
