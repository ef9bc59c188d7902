import { PrivacyRequest } from "@db/entities/privacy-request";
import { User } from "@db/entities/user";
import { now } from "~/utils/clock.server";
import { withOrganization } from "~/utils/db.server";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { anonymizeSubjectLeads } from "./anonymize-subject-leads.server";
import { eraseSubjectTimeline } from "./erase-subject-timeline.server";
import { findEraseSubject } from "./find-erase-subject.server";
import { forgetEarlierRequests } from "./forget-earlier-requests.server";
import { forgetSubjectJobs, type QueueQuery } from "./forget-subject-jobs.server";
import { scrubSubjectCopies } from "./scrub-subject-copies.server";

type Step = "copies" | "jobs" | "timeline" | "requests" | "leads";

/**
 * Carries out a deletion request: every step is idempotent and commits in
 * small transactions of its own, so a retry after a crash or a deploy
 * finishes the work without doing any of it twice. The leads are anonymized
 * last: until then their names, e-mails and phones are what the other steps
 * look for. Each step is audited with the admin who registered the request
 * and counts only. A request of another organization, one already done, or
 * one that is not a deletion is left alone; a failure marks the request
 * failed with the step's name (never content) and is thrown for the queue to
 * retry.
 */
export async function eraseDataSubject(payload: { organizationId: string; requestId: string }, queue: QueueQuery) {
  const { organizationId, requestId } = payload;
  const request = await withOrganization(organizationId, async (db) => {
    const row = await db.findOne(PrivacyRequest, { id: requestId, organization: organizationId, kind: "deletion" });
    if (!row || row.status === "done") return null;
    row.status = "processing";
    row.error = null;
    return row;
  });
  if (!request) return;
  const actor = request.requestedBy
    ? await withOrganization(organizationId, (db) => db.findOne(User, { id: request.requestedBy! }, { fields: ["id", "fullName"] }))
    : null;

  const record = (step: Step, progress: number, counts: Record<string, number>) =>
    withOrganization(organizationId, async (db) => {
      await db.nativeUpdate(PrivacyRequest, { id: requestId }, { progress });
      recordAudit(db, { organizationId, userId: request.requestedBy ?? null, meta: null }, {
        action: `privacy.erase_${step}`,
        resourceType: "privacy_request",
        resourceId: requestId,
        changes: { after: counts },
      });
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
    const leads = await anonymizeSubjectLeads(organizationId, subject.leadIds, subject.traces, actor ? { id: actor.id, name: actor.fullName } : null);
    await record(step, 100, { leads });
    await withOrganization(organizationId, (db) =>
      db.nativeUpdate(PrivacyRequest, { id: requestId }, { status: "done", leadIds: subject.leadIds, completedAt: now() }),
    );
  } catch (error) {
    await withOrganization(organizationId, (db) =>
      db.nativeUpdate(PrivacyRequest, { id: requestId }, { status: "failed", error: `the ${step} step failed; the job retries` }),
    );
    throw error;
  }
}
