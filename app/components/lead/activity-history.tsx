import type { LeadFieldName } from "~/modules/leads/field-labels";
import { LEAD_FIELD_LABELS } from "~/modules/leads/field-labels";
import { formatDateTime } from "~/utils/format";
import { STATUS_LABELS } from "~/utils/labels";
import { formatLeadValue } from "./format-lead-value";

export interface HistoryEntry {
  id: string;
  type: string;
  title: string;
  actorName: string | null;
  at: string;
  changes: { field: LeadFieldName; from: unknown; to: unknown }[];
  fromStage: string | null;
  toStage: string | null;
}

/** "Ana moveu de Contato para Proposta": who did what, as one sentence. */
function sentence(entry: HistoryEntry) {
  const actor = entry.actorName ?? "Sistema";
  const change = (field: LeadFieldName) => entry.changes.find((c) => c.field === field);
  switch (entry.type) {
    case "created":
      if (!entry.actorName) return "Lead criado";
      return entry.toStage ? `${actor} criou o lead em ${entry.toStage}` : `${actor} criou o lead`;
    case "stage_changed":
      if (entry.fromStage && entry.toStage) return `${actor} moveu de ${entry.fromStage} para ${entry.toStage}`;
      if (entry.toStage) return `${actor} moveu para ${entry.toStage}`;
      break;
    case "reordered":
      if (entry.toStage) return `${actor} mudou a posição em ${entry.toStage}`;
      break;
    case "assigned": {
      const to = change("assignee")?.to;
      if (change("assignee")) return to ? `${actor} atribuiu o lead a ${String(to)}` : `${actor} removeu o responsável`;
      break;
    }
    case "status_changed": {
      const to = change("status")?.to;
      if (to) return `${actor} alterou o status para ${STATUS_LABELS[String(to)] ?? String(to)}`;
      break;
    }
    case "updated":
      if (entry.changes.length) {
        return `${actor} editou ${entry.changes.map((c) => LEAD_FIELD_LABELS[c.field]?.toLocaleLowerCase("pt-BR") ?? c.field).join(", ")}`;
      }
      break;
  }
  return `${actor}: ${entry.title}`;
}

/** The lead's history of changes (who, what, when in the organization's time zone), newest first. */
export function ActivityHistory({ entries, timeZone, currency }: { entries: HistoryEntry[]; timeZone: string; currency: string }) {
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title" className="mb-2 font-semibold">
        Histórico
      </h2>
      {entries.length === 0 ? <p className="text-sm text-muted-foreground">Nenhuma alteração registrada ainda.</p> : null}
      <ol className="grid gap-2">
        {entries.map((entry) => (
          <li key={entry.id} className="rounded-lg border bg-card p-3 text-sm" data-activity-type={entry.type}>
            <div className="flex flex-wrap items-baseline gap-x-2">
              <p className="min-w-0 flex-1 break-words">{sentence(entry)}</p>
              <time className="text-xs text-muted-foreground" dateTime={entry.at}>
                {formatDateTime(entry.at, timeZone)}
              </time>
            </div>
            {entry.type === "updated" && entry.changes.length ? (
              <dl className="mt-1 grid gap-0.5 text-xs text-muted-foreground">
                {entry.changes.map((c) => (
                  <div key={c.field} className="break-words">
                    <dt className="inline font-medium">{LEAD_FIELD_LABELS[c.field] ?? c.field}: </dt>
                    <dd className="inline">
                      {formatLeadValue(c.field, c.from, currency)} → {formatLeadValue(c.field, c.to, currency)}
                    </dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
