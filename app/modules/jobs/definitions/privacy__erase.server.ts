import { z } from "zod";
import { defineJob } from "../define-job.server";

/**
 * Carries out a deletion request (LGPD art. 18, VI): anonymizes the person's
 * leads and removes their content everywhere it was copied. Every step is
 * idempotent, so a retry after a crash finishes the work. One job per request.
 */
export const privacyEraseJob = defineJob({
  name: "privacy__erase",
  payload: z.object({ organizationId: z.uuid(), requestId: z.uuid() }),
  maxAttempts: 5,
  jobKey: (payload) => payload.requestId,
});
