import { z } from "zod";
import { defineJob } from "../define-job.server";

/**
 * E-mails an invitation's link. Ids only: the address, names and language are
 * read when the job runs, so a revoked or accepted invitation sends nothing.
 * One pending job per invitation: a quick second "resend" replaces the first.
 */
export const inviteSendEmailJob = defineJob({
  name: "invite__send_email",
  payload: z.object({ organizationId: z.uuid(), inviteId: z.uuid() }),
  maxAttempts: 10,
  jobKey: (payload) => payload.inviteId,
});
