import type { ReactNode } from "react";
import type { LeadSnapshot } from "~/modules/leads/snapshot-lead";
import { useI18n } from "~/i18n/react";
import { fieldLabel } from "~/modules/leads/field-labels";
import { priorityLabel, sourceLabel, statusLabel } from "~/lib/labels";
import { formatPhone } from "~/lib/phone";

function Detail({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <div className={className}>
      <dt className="text-xs uppercase tracking-wide text-muted-foreground">{label}</dt>
      <dd className="mt-0.5 whitespace-pre-line break-words text-sm">{children || "—"}</dd>
    </div>
  );
}

/** The lead's fields for roles that may not edit them. */
export function LeadDetails({ lead, assigneeName, currency }: { lead: LeadSnapshot; assigneeName: string | null; currency: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <dl className="grid gap-3 sm:grid-cols-2">
      <Detail label={fieldLabel(t, "phone")}>{lead.phone ? formatPhone(lead.phone) : lead.phone}</Detail>
      <Detail label={fieldLabel(t, "email")}>{lead.email}</Detail>
      <Detail label={fieldLabel(t, "company")}>{lead.company}</Detail>
      <Detail label={fieldLabel(t, "jobTitle")}>{lead.jobTitle}</Detail>
      <Detail label={fieldLabel(t, "estimatedValue")}>{lead.estimatedValue ? i18n.money(lead.estimatedValue, currency) : null}</Detail>
      <Detail label={fieldLabel(t, "source")}>{lead.source ? sourceLabel(t, lead.source) : null}</Detail>
      <Detail label={fieldLabel(t, "priority")}>
        <span className="capitalize">{priorityLabel(t, lead.priority)}</span>
      </Detail>
      <Detail label={fieldLabel(t, "status")}>{statusLabel(t, lead.status)}</Detail>
      <Detail label={fieldLabel(t, "assignee")}>{assigneeName}</Detail>
      <Detail label={fieldLabel(t, "tags")}>{lead.tags.length ? lead.tags.join(", ") : null}</Detail>
      <Detail label={fieldLabel(t, "notes")} className="sm:col-span-2">
        {lead.notes}
      </Detail>
    </dl>
  );
}
