import { privacyExportJob } from "~/modules/jobs/definitions/privacy__export.server";
import { exportPrivacyRequest } from "~/modules/privacy/export/export-privacy-request.server";
import { failPrivacyExport } from "~/modules/privacy/export/fail-privacy-export.server";
import { defineTask } from "../define-task";

/** An access request's archive; a failed attempt shows on the request and is retried by graphile-worker. */
export const privacyExport = defineTask(privacyExportJob, async (payload) => {
  try {
    await exportPrivacyRequest(payload);
  } catch (error) {
    await failPrivacyExport(payload, error);
    throw error;
  }
});
