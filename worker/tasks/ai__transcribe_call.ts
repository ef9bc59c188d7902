import { aiTranscribeCallJob } from "~/modules/jobs/definitions/ai__transcribe_call.server";
import { transcribeCallRecording } from "~/modules/calls/transcribe-call-recording.server";
import { defineTask } from "../define-task";

/** A call's stored recording turned into text for the call and the next summary. */
export const aiTranscribeCall = defineTask(aiTranscribeCallJob, async (payload) => {
  await transcribeCallRecording(payload);
});
