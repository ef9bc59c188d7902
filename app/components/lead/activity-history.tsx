import { fieldLabel, LEAD_FIELD_NAMES, type LeadFieldName } from "~/modules/leads/field-labels";
import { useI18n } from "~/i18n/react";
import type { Translator } from "~/i18n/translator";
import { statusLabel } from "~/lib/labels";
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

/** "Ana moveu de Contato para Proposta" / "Ana moved it from Contato to Proposta": rebuilt from the entry's data in the reader's language. */
function sentence(i18n: Translator, entry: HistoryEntry) {
  const { t } = i18n;
  const actor = entry.actorName ?? t("history.system");
  const change = (field: LeadFieldName) => entry.changes.find((c) => c.field === field);
  switch (entry.type) {
    case "created":
      if (!entry.actorName) return t("history.created");
      return entry.toStage ? t("history.createdIn", { actor, stage: entry.toStage }) : t("history.createdBy", { actor });
    case "stage_changed":
      if (entry.fromStage && entry.toStage) return t("history.movedFromTo", { actor, from: entry.fromStage, to: entry.toStage });
      if (entry.toStage) return t("history.movedTo", { actor, to: entry.toStage });
      break;
    case "reordered":
      if (entry.toStage) return t("history.reordered", { actor, stage: entry.toStage });
      break;
    case "assigned": {
      const to = change("assignee")?.to;
      if (change("assignee")) return to ? t("history.assigned", { actor, name: String(to) }) : t("history.unassigned", { actor });
      break;
    }
    case "status_changed": {
      const to = change("status")?.to;
      if (to) return t("history.status", { actor, status: statusLabel(t, String(to)) });
      break;
    }
    case "updated":
      if (entry.changes.length) {
        const fields = entry.changes.map((c) => (isLeadField(c.field) ? fieldLabel(t, c.field).toLocaleLowerCase(i18n.locale) : c.field));
        return t("history.edited", { actor, fields: fields.join(", ") });
      }
      break;
  }
  // Entries the renderer cannot rebuild keep the title stored with them.
  return t("history.fallback", { actor, title: entry.title });
}

function isLeadField(field: string): field is LeadFieldName {
  return (LEAD_FIELD_NAMES as readonly string[]).includes(field);
}

/** The lead's history of changes (who, what, when in the organization's time zone), newest first. */
export function ActivityHistory({ entries, timeZone, currency }: { entries: HistoryEntry[]; timeZone: string; currency: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title" className="mb-2 font-semibold">
        {t("history.title")}
      </h2>
      {entries.length === 0 ? <p className="text-sm text-muted-foreground">{t("history.empty")}</p> : null}
      <ol className="grid gap-2">
        {entries.map((entry) => (
          <li key={entry.id} className="rounded-lg border bg-card p-3 text-sm" data-activity-type={entry.type}>
            <div className="flex flex-wrap items-baseline gap-x-2">
              <p className="min-w-0 flex-1 break-words">{sentence(i18n, entry)}</p>
              <time className="text-xs text-muted-foreground" dateTime={entry.at}>
                {i18n.dateTime(entry.at, timeZone)}
              </time>
            </div>
            {entry.type === "updated" && entry.changes.length ? (
              <dl className="mt-1 grid gap-0.5 text-xs text-muted-foreground">
                {entry.changes.map((c) => (
                  <div key={c.field} className="break-words">
                    <dt className="inline font-medium">{isLeadField(c.field) ? fieldLabel(t, c.field) : c.field}: </dt>
                    <dd className="inline">
                      {formatLeadValue(i18n, c.field, c.from, currency)} → {formatLeadValue(i18n, c.field, c.to, currency)}
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
