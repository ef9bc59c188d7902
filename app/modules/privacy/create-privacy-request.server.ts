import { randomUUID } from "node:crypto";
import { Lead } from "@db/entities/lead";
import { PrivacyRequest, type PrivacyRequestKind } from "@db/entities/privacy-request";
import { message } from "~/i18n/catalogue";
import { DAY_MS } from "~/lib/duration";
import { now } from "~/utils/clock.server";
import { withOrganization } from "~/utils/db.server";
import { DomainRefusal } from "~/utils/refusal.server";
import { recordAudit, type AuditActor } from "~/modules/audit/record-audit.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { enqueueJob } from "~/modules/jobs/enqueue-job.server";
import { privacyEraseJob } from "~/modules/jobs/definitions/privacy__erase.server";
import { privacyExportJob } from "~/modules/jobs/definitions/privacy__export.server";
import { findSubjectLeads, type PrivacySubject } from "./find-subject-leads.server";
import { UnconfirmedDeletion } from "./unconfirmed-deletion.server";

/** LGPD art. 19, II: a complete answer within 15 days of the request. */
export const PRIVACY_REQUEST_DUE_DAYS = 15;

export interface CreatePrivacyRequestInput {
  kind: PrivacyRequestKind;
  /** The person: one lead (its phone and e-mail), or a phone or e-mail typed by the admin. */
  subject: { leadId: string } | PrivacySubject;
  requesterContact: string;
  /** A deletion's confirmation: the ids of the leads the admin was shown (`UnconfirmedDeletion`). */
  confirmLeadIds?: string[];
}

function sameLeads(confirmed: string[] | undefined, leads: { id: string }[]) {
  if (!confirmed) return false;
  const wanted = new Set(confirmed);
  return wanted.size === leads.length && leads.every((lead) => wanted.has(lead.id));
}

/**
 * Registers a data subject's request for every lead of the organization with
 * the person's phone or e-mail (duplicates included), and queues its job: an
 * access request builds an export, a deletion anonymizes; a correction is
 * tracked until an admin closes it. A deletion is irreversible and the match
 * may reach other people's leads (a shared e-mail or switchboard number), so
 * it is registered only with `confirmLeadIds` naming exactly the leads found
 * now; otherwise `UnconfirmedDeletion` carries them for the admin to check.
 * The audit entry names the kind and the number of leads, never the person.
 */
export async function createPrivacyRequest(actor: AuditActor & { userName: string }, input: CreatePrivacyRequestInput) {
  return withOrganization(actor.organizationId, async (db) => {
    let subject: PrivacySubject;
    if ("leadId" in input.subject) {
      const lead = await db.findOne(Lead, { id: input.subject.leadId, organization: actor.organizationId });
      if (!lead) throw new DomainRefusal(message("privacy.requests.error.leadNotFound"), { status: 404, field: "leadId" });
      if (!lead.phoneKey && !lead.email)
        throw new DomainRefusal(message("privacy.requests.error.leadWithoutContact"), { status: 422, field: "leadId" });
      subject = { phone: lead.phoneKey ?? null, email: lead.email ?? null };
    } else {
      subject = input.subject;
    }
    const { phoneKey, email, leads } = await findSubjectLeads(db, actor.organizationId, subject);
    if (!phoneKey && !email) throw new DomainRefusal(message("privacy.requests.error.subjectRequired"), { status: 422, field: "subject" });
    if (input.kind === "deletion" && !sameLeads(input.confirmLeadIds, leads)) throw new UnconfirmedDeletion(leads, input.confirmLeadIds !== undefined);
    const receivedAt = now();
    const request = db.create(PrivacyRequest, {
      id: randomUUID(),
      organization: actor.organizationId,
      kind: input.kind,
      subjectPhoneKey: phoneKey,
      subjectEmail: email,
      subjectName: leads[0]?.fullName ?? null,
      leadIds: leads.map((lead) => lead.id),
      requesterContact: input.requesterContact,
      requestedBy: actor.userId,
      receivedAt,
      dueAt: new Date(receivedAt.getTime() + PRIVACY_REQUEST_DUE_DAYS * DAY_MS),
    });
    recordAudit(db, actor, {
      action: "privacy.request_created",
      resourceType: "privacy_request",
      resourceId: request.id,
      changes: { after: { kind: input.kind, leads: leads.length } },
    });
    await recordEvent(db, actor.organizationId, {
      type: "privacy_request.updated",
      data: { requestId: request.id, status: "received", progress: 0 },
      actor: { id: actor.userId, name: actor.userName },
    });
    const job = { organizationId: actor.organizationId, requestId: request.id };
    if (input.kind === "access") await enqueueJob(db, privacyExportJob, job);
    if (input.kind === "deletion") await enqueueJob(db, privacyEraseJob, job);
    return { id: request.id, leadCount: leads.length, dueAt: request.dueAt };
  });
}
