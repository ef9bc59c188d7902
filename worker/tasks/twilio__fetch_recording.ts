import { twilioFetchRecordingJob } from "~/modules/jobs/definitions/twilio__fetch_recording.server";
import { fetchCallRecording } from "~/modules/calls/fetch-call-recording.server";
import { defineTask } from "../define-task";

/** A call's recording into storage, then off Twilio. */
export const twilioFetchRecording = defineTask(twilioFetchRecordingJob, async (payload, helpers) => {
  await fetchCallRecording(payload, { lastAttempt: helpers.job.attempts >= helpers.job.max_attempts });
});
