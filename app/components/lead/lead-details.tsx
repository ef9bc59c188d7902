import type { ReactNode } from "react";
import type { LeadSnapshot } from "~/modules/leads/snapshot-lead";
import { formatMoney } from "~/utils/format";
import { PRIORITY_LABELS, SOURCE_LABELS, STATUS_LABELS } from "~/utils/labels";

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-muted-foreground">{label}</dt>
      <dd className="mt-0.5 whitespace-pre-line break-words text-sm">{children || "—"}</dd>
    </div>
  );
}

/** The lead's fields for roles that may not edit them. */
export function LeadDetails({ lead, assigneeName, currency }: { lead: LeadSnapshot; assigneeName: string | null; currency: string }) {
  return (
    <dl className="grid gap-3 sm:grid-cols-2">
      <Detail label="Telefone">{lead.phone}</Detail>
      <Detail label="E-mail">{lead.email}</Detail>
      <Detail label="Empresa">{lead.company}</Detail>
      <Detail label="Cargo">{lead.jobTitle}</Detail>
      <Detail label="Valor estimado">{lead.estimatedValue ? formatMoney(lead.estimatedValue, currency) : null}</Detail>
      <Detail label="Origem">{lead.source ? (SOURCE_LABELS[lead.source] ?? lead.source) : null}</Detail>
      <Detail label="Prioridade"><span className="capitalize">{PRIORITY_LABELS[lead.priority]}</span></Detail>
      <Detail label="Status">{STATUS_LABELS[lead.status]}</Detail>
      <Detail label="Responsável">{assigneeName}</Detail>
      <Detail label="Tags">{lead.tags.length ? lead.tags.join(", ") : null}</Detail>
      <div className="sm:col-span-2">
        <Detail label="Observações">{lead.notes}</Detail>
      </div>
    </dl>
  );
}
