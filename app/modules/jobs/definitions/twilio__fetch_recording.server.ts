import { z } from "zod";
import { defineJob } from "../define-job.server";

/**
 * Copies a call's recording from Twilio into the organization's storage and
 * only then deletes Twilio's copy. Retried with graphile-worker's backoff; a
 * download that never succeeds leaves Twilio's copy where it is.
 */
export const twilioFetchRecordingJob = defineJob({
  name: "twilio__fetch_recording",
  payload: z.object({ organizationId: z.uuid(), callId: z.uuid(), recordingSid: z.string().regex(/^RE[0-9a-f]{32}$/) }),
  maxAttempts: 10,
  jobKey: (payload) => payload.recordingSid,
});
