import { aiSummarizeLeadJob } from "~/modules/jobs/definitions/ai__summarize_lead.server";
import { summarizeLead } from "~/modules/ai/summarize-lead.server";
import { defineTask } from "../define-task";

/** One lead's conversation summarized, once its burst of changes has settled. */
export const aiSummarizeLead = defineTask(aiSummarizeLeadJob, async (payload) => {
  await summarizeLead(payload);
});
