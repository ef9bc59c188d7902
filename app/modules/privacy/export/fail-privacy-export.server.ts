import { S3ServiceException } from "@aws-sdk/client-s3";
import { LockMode } from "@mikro-orm/core";
import { PrivacyRequest } from "@db/entities/privacy-request";
import { withOrganization } from "~/utils/db.server";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { exportActorOf } from "./export-actor.server";
import { ExportErased } from "./export-erased.server";

/** The reason the page shows: a code it words, never the error's text (it may quote data) nor a stack. */
function reasonOf(error: unknown) {
  if (error instanceof ExportErased) return "erased";
  return error instanceof S3ServiceException || (error instanceof Error && "$metadata" in error) ? "storage" : "internal";
}

/**
 * Records that an attempt to build the export failed: the request shows
 * failed with a short reason until graphile-worker's retry starts it again
 * (or, for `erased`, for good: an admin may retry it by hand).
 */
export async function failPrivacyExport({ organizationId, requestId }: { organizationId: string; requestId: string }, error: unknown) {
  const reason = reasonOf(error);
  await withOrganization(organizationId, async (db) => {
    const request = await db.findOne(PrivacyRequest, { id: requestId, organization: organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!request || request.status === "done") return;
    db.assign(request, { status: "failed", error: reason });
    recordAudit(db, exportActorOf(request), {
      action: "privacy.export_failed",
      resourceType: "privacy_request",
      resourceId: request.id,
      changes: { after: { reason } },
    });
    await recordEvent(db, organizationId, { type: "privacy_request.updated", data: { requestId, status: "failed", progress: request.progress }, actor: null });
  });
}
