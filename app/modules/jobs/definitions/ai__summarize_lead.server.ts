import { z } from "zod";
import { AI_SUMMARY_TRIGGERS } from "~/lib/ai";
import { defineJob } from "../define-job.server";

/**
 * Summarizes one lead's conversation as it stands when the job runs. One
 * pending job per lead: a newer change replaces it (the debounce), and
 * "Resumir agora" replaces it with one that runs at once. Provider failures
 * are recorded as failed summaries, not retried here (the client already
 * retried); attempts only cover our own crashes.
 */
export const aiSummarizeLeadJob = defineJob({
  name: "ai__summarize_lead",
  payload: z.object({
    organizationId: z.uuid(),
    leadId: z.uuid(),
    trigger: z.enum(AI_SUMMARY_TRIGGERS),
    requestedBy: z.uuid().nullable().default(null),
  }),
  maxAttempts: 3,
  jobKey: (payload) => payload.leadId,
});
