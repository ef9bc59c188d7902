import { LockMode } from "@mikro-orm/core";
import { PrivacyRequest } from "@db/entities/privacy-request";
import { message } from "~/i18n/catalogue";
import { now } from "~/utils/clock.server";
import { withOrganization } from "~/utils/db.server";
import { DomainRefusal } from "~/utils/refusal.server";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";
import { recordEvent } from "~/modules/realtime/record-event.server";

/**
 * Marks a correction answered by hand: it is made on the lead pages, so only
 * a person knows when it is done. Access and deletion requests are answered by
 * their jobs only; a failed one is retried (`retryPrivacyRequest`), never
 * closed, because closing would race the job's pending retry (a deletion's
 * retry sees "done" and erases nothing) and report an answer never given. The
 * row is locked, so two admins closing at once close it once.
 */
export async function closePrivacyRequest(actor: AuditActor & { userName: string }, requestId: string) {
  return withOrganization(actor.organizationId, async (db) => {
    const request = await db.findOne(PrivacyRequest, { id: requestId, organization: actor.organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!request) throw new DomainRefusal(message("privacy.requests.error.requestNotFound"), { status: 404, field: "requestId" });
    if (request.status === "done") throw new DomainRefusal(message("privacy.requests.error.alreadyDone"), { status: 409 });
    if (request.kind !== "correction")
      throw new DomainRefusal(message("privacy.requests.error.notClosable"), { status: 409 });

    const before = request.status;
    db.assign(request, { status: "done", progress: 100, completedAt: now(), closedBy: actor.userId });
    recordAudit(db, actor, {
      action: "privacy.request_closed",
      resourceType: "privacy_request",
      resourceId: request.id,
      changes: { before: { status: before }, after: { status: "done", kind: request.kind } },
    });
    await recordEvent(db, actor.organizationId, {
      type: "privacy_request.updated",
      data: { requestId: request.id, status: "done", progress: 100 },
      actor: { id: actor.userId, name: actor.userName },
    });
  });
}
