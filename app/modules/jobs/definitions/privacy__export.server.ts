import { z } from "zod";
import { defineJob } from "../define-job.server";

/**
 * Builds the archive of an access request (LGPD art. 18, II): one zip of the
 * person's leads, timelines, summaries, calls, activity and files, stored in
 * S3 for admins to download for 7 days. One job per request.
 */
export const privacyExportJob = defineJob({
  name: "privacy__export",
  payload: z.object({ organizationId: z.uuid(), requestId: z.uuid() }),
  maxAttempts: 5,
  jobKey: (payload) => payload.requestId,
});
