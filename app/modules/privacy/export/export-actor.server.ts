import type { PrivacyRequest } from "@db/entities/privacy-request";
import type { AuditEntryActor } from "~/modules/audit/record-audit.server";

/** The export job audits as the admin who registered the request: the job's payload names nobody. */
export function exportActorOf(request: Pick<PrivacyRequest, "organization" | "requestedBy">): AuditEntryActor {
  return { organizationId: request.organization, userId: request.requestedBy ?? null, meta: { ipAddress: null, userAgent: "worker: privacy__export" } };
}
