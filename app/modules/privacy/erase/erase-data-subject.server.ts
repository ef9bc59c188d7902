import { LockMode } from "@mikro-orm/core";
import { PrivacyRequest } from "@db/entities/privacy-request";
import { User } from "@db/entities/user";
import { now } from "~/utils/clock.server";
import { withOrganization } from "~/utils/db.server";
import { recordAudit, type AuditEntryActor } from "~/modules/audit/record-audit.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { anonymizeSubjectLeads } from "./anonymize-subject-leads.server";
import { eraseSubjectTimeline } from "./erase-subject-timeline.server";
import { findEraseSubject } from "./find-erase-subject.server";
import { forgetEarlierRequests } from "./forget-earlier-requests.server";
import { forgetSubjectJobs, type QueueQuery } from "./forget-subject-jobs.server";
import { scrubSubjectCopies } from "./scrub-subject-copies.server";

type Step = "copies" | "jobs" | "timeline" | "requests" | "leads";

/** The reason the privacy page words (the codes the export job writes too): never the error's text, which may quote data. */
function reasonOf(error: unknown) {
  return error instanceof Error && "$metadata" in error ? "storage" : "internal";
}

/** Marks the request processing (again, after a failed attempt); null when there is nothing to do. */
async function start(organizationId: string, requestId: string) {
  return withOrganization(organizationId, async (db) => {
    const request = await db.findOne(PrivacyRequest, { id: requestId, organization: organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!request || request.kind !== "deletion" || request.status === "done") return null;
    db.assign(request, { status: "processing", progress: 0, error: null });
    await recordEvent(db, organizationId, { type: "privacy_request.updated", data: { requestId, status: "processing", progress: 0 }, actor: null });
    const admin = request.requestedBy ? await db.findOne(User, { id: request.requestedBy }, { fields: ["id", "fullName"] }) : null;
    return { request, admin: admin ? { id: admin.id, name: admin.fullName } : null };
  });
}

/**
 * Carries out a deletion request: every step is idempotent and commits in
 * small transactions of its own, so a retry after a crash or a deploy
 * finishes the work without doing any of it twice. The leads are anonymized
 * last: until then their names, e-mails and phones are what the other steps
 * look for. Each step is audited with the admin who registered the request
 * and counts only, and its progress reaches the privacy page live. A request
 * of another organization, one already done, or one that is not a deletion
 * is left alone; a failure marks the request failed with a reason code and
 * is thrown for the queue to retry.
 */
export async function eraseDataSubject(payload: { organizationId: string; requestId: string }, queue: QueueQuery) {
  const { organizationId, requestId } = payload;
  const started = await start(organizationId, requestId);
  if (!started) return;
  const { request, admin } = started;
  const actor: AuditEntryActor = { organizationId, userId: request.requestedBy ?? null, meta: { ipAddress: null, userAgent: "worker: privacy__erase" } };
  const audit = (action: string, changes: Record<string, unknown>) => ({ action, resourceType: "privacy_request", resourceId: requestId, changes: { after: changes } });

  const record = (step: Step, progress: number, counts: Record<string, number>) =>
    withOrganization(organizationId, async (db) => {
      await db.nativeUpdate(PrivacyRequest, { id: requestId }, { progress });
      recordAudit(db, actor, audit(`privacy.erase_${step}`, counts));
      await recordEvent(db, organizationId, { type: "privacy_request.updated", data: { requestId, status: "processing", progress }, actor: null });
    });

  let step: Step = "copies";
  try {
    const subject = await withOrganization(organizationId, (db) => findEraseSubject(db, request));
    await record(step, 20, await scrubSubjectCopies(organizationId, subject));
    step = "jobs";
    await record(step, 30, { jobs: await forgetSubjectJobs(queue, organizationId, subject.leadIds, subject.traces) });
    step = "timeline";
    await record(step, 70, await eraseSubjectTimeline(organizationId, subject.leadIds));
    step = "requests";
    await record(step, 80, await forgetEarlierRequests(organizationId, request, subject.leadIds));
    step = "leads";
    await record(step, 95, { leads: await anonymizeSubjectLeads(organizationId, subject.leadIds, subject.traces, admin) });
    await withOrganization(organizationId, async (db) => {
      await db.nativeUpdate(PrivacyRequest, { id: requestId }, { status: "done", progress: 100, leadIds: subject.leadIds, completedAt: now() });
      await recordEvent(db, organizationId, { type: "privacy_request.updated", data: { requestId, status: "done", progress: 100 }, actor: null });
    });
  } catch (error) {
    const reason = reasonOf(error);
    await withOrganization(organizationId, async (db) => {
      await db.nativeUpdate(PrivacyRequest, { id: requestId }, { status: "failed", error: reason });
      recordAudit(db, actor, audit("privacy.erase_failed", { step, reason }));
      const { progress } = await db.findOneOrFail(PrivacyRequest, { id: requestId }, { fields: ["progress"] });
      await recordEvent(db, organizationId, { type: "privacy_request.updated", data: { requestId, status: "failed", progress }, actor: null });
    });
    throw error;
  }
}
