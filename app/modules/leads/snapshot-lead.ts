import type { Lead } from "@db/entities/lead";

/** A lead's editable values as plain data: what the form shows, what a stale save is compared with, what an audit keeps. */
export function snapshotLead(lead: Lead) {
  return {
    id: lead.id,
    version: lead.version,
    stageId: lead.stage,
    fullName: lead.fullName,
    email: lead.email ?? null,
    phone: lead.phone ?? null,
    company: lead.company ?? null,
    jobTitle: lead.jobTitle ?? null,
    estimatedValue: lead.estimatedValue ?? null,
    source: lead.source ?? null,
    priority: lead.priority,
    status: lead.status,
    tags: lead.tags,
    assignee: lead.assignee ?? null,
    notes: lead.notes ?? null,
  };
}
export type LeadSnapshot = ReturnType<typeof snapshotLead>;
