import { randomUUID } from "node:crypto";
import { Lead } from "@db/entities/lead";
import { LeadActivity } from "@db/entities/lead-activity";
import { now } from "~/utils/clock.server";
import { withOrganization } from "~/utils/db.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { ANONYMIZED_NAME } from "./find-erase-subject.server";
import { mentionsSubject } from "./mentions-subject";
import type { SubjectTraces } from "./subject-traces";

/** The lead fields an anonymization writes, named in its `lead.updated` event. */
const ERASED_FIELDS = ["fullName", "email", "phone", "company", "jobTitle", "notes", "tags", "customFields", "aiSentiment"];

/**
 * Renames each lead "Titular removido" and empties what identifies or
 * describes the person: contact fields, company, job title, notes, custom
 * fields, the AI's sentiment, and tags that name them (tags are otherwise the
 * organization's own labels, kept for its filters). Stage, value, status,
 * assignee and dates stay, so board totals and reports still add up. Each
 * lead is written the way an edit is (version bumped, one history entry
 * without values, one `lead.updated`), so open boards and lead pages refetch
 * it at once. A lead already anonymized is left alone. Returns how many were
 * written now.
 */
export async function anonymizeSubjectLeads(organizationId: string, leadIds: string[], traces: SubjectTraces, actor: { id: string; name: string } | null) {
  let anonymized = 0;
  for (const leadId of leadIds) {
    const written = await withOrganization(organizationId, async (db) => {
      const lead = await db.findOne(Lead, { id: leadId, organization: organizationId });
      if (!lead) return false;
      const tags = lead.tags.filter((tag) => !mentionsSubject(tag, traces));
      const erased =
        lead.fullName === ANONYMIZED_NAME && !lead.email && !lead.phone && !lead.company && !lead.jobTitle && !lead.notes &&
        !lead.aiSentiment && tags.length === lead.tags.length && !Object.keys(lead.customFields).length;
      if (erased) return false;
      const at = now();
      const version = lead.version + 1;
      await db.nativeUpdate(
        Lead,
        { id: lead.id },
        {
          fullName: ANONYMIZED_NAME,
          email: null,
          phone: null,
          company: null,
          jobTitle: null,
          notes: null,
          tags,
          customFields: {},
          aiSentiment: null,
          aiSummaryAt: null,
          aiPendingSince: null,
          version,
          updatedAt: at,
        },
      );
      db.create(LeadActivity, {
        id: randomUUID(),
        organization: organizationId,
        lead: lead.id,
        actor: actor?.id ?? null,
        activityType: "updated",
        title: "removeu os dados pessoais a pedido do titular (LGPD)",
        metadata: { changes: {} },
        createdAt: at,
      });
      await recordEvent(db, organizationId, {
        type: "lead.updated",
        data: { leadId: lead.id, stageId: lead.stage, version, fields: ERASED_FIELDS },
        actor,
      });
      return true;
    });
    if (written) anonymized++;
  }
  return anonymized;
}
