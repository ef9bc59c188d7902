import { z } from "zod";
import { RETENTION_RUN_TRIGGERS } from "@db/entities/retention-run";
import { defineJob } from "../define-job.server";

/**
 * One organization's retention pass. Keyed by the organization, so the
 * nightly fan-out and an owner's "run now" never queue two; a retry resumes
 * the run the failed attempt left unfinished.
 */
export const retentionRunOrganizationJob = defineJob({
  name: "retention__run_organization",
  payload: z.object({
    organizationId: z.uuid(),
    trigger: z.enum(RETENTION_RUN_TRIGGERS),
    requestedBy: z.uuid().nullable().default(null),
  }),
  maxAttempts: 5,
  jobKey: (payload) => payload.organizationId,
});
