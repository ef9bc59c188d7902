import { LockMode } from "@mikro-orm/core";
import { PrivacyRequest } from "@db/entities/privacy-request";
import { message } from "~/i18n/catalogue";
import { withOrganization } from "~/utils/db.server";
import { DomainRefusal } from "~/utils/refusal.server";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { enqueueJob } from "~/modules/jobs/enqueue-job.server";
import { privacyEraseJob } from "~/modules/jobs/definitions/privacy__erase.server";
import { privacyExportJob } from "~/modules/jobs/definitions/privacy__export.server";

/**
 * Starts a failed access or deletion request over: back to received, and its
 * job queued again under the same job key, so it replaces a retry still
 * waiting (attempts counted from zero) rather than running beside it. The way
 * out for a job that gave up: a deletion is never closed by hand, since that
 * would report an erasure that did not happen.
 */
export async function retryPrivacyRequest(actor: AuditActor & { userName: string }, requestId: string) {
  return withOrganization(actor.organizationId, async (db) => {
    const request = await db.findOne(PrivacyRequest, { id: requestId, organization: actor.organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!request) throw new DomainRefusal(message("privacy.requests.error.requestNotFound"), { status: 404, field: "requestId" });
    if (request.kind === "correction" || request.status !== "failed")
      throw new DomainRefusal(message("privacy.requests.error.notRetriable"), { status: 409 });

    db.assign(request, { status: "received", progress: 0, error: null });
    recordAudit(db, actor, {
      action: "privacy.request_retried",
      resourceType: "privacy_request",
      resourceId: request.id,
      changes: { before: { status: "failed" }, after: { status: "received", kind: request.kind } },
    });
    await recordEvent(db, actor.organizationId, {
      type: "privacy_request.updated",
      data: { requestId: request.id, status: "received", progress: 0 },
      actor: { id: actor.userId, name: actor.userName },
    });
    const job = { organizationId: actor.organizationId, requestId: request.id };
    await enqueueJob(db, request.kind === "access" ? privacyExportJob : privacyEraseJob, job);
  });
}
