import { z } from "zod";
import { defineJob } from "../define-job.server";

/** Transcribes a call's stored recording; the transcript joins the call and the next summary. */
export const aiTranscribeCallJob = defineJob({
  name: "ai__transcribe_call",
  payload: z.object({ organizationId: z.uuid(), callId: z.uuid() }),
  maxAttempts: 5,
  jobKey: (payload) => payload.callId,
});
