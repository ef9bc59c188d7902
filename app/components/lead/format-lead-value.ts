import type { LeadFieldName } from "~/modules/leads/field-labels";
import type { Translator } from "~/i18n/translator";
import { priorityLabel, sourceLabel, statusLabel } from "~/lib/labels";
import { formatPhone } from "~/lib/phone";

const MAX_SHOWN = 120;

/** A lead field's value as a person reads it (assignees already as names); "vazio"/"empty" when unset. */
export function formatLeadValue(i18n: Translator, field: LeadFieldName, value: unknown, currency: string): string {
  const { t } = i18n;
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return t("common.empty");
  if (Array.isArray(value)) return value.join(", ");
  const raw = String(value);
  switch (field) {
    case "estimatedValue":
      return i18n.money(raw, currency);
    case "priority":
      return priorityLabel(t, raw);
    case "status":
      return statusLabel(t, raw);
    case "source":
      return sourceLabel(t, raw);
    case "phone":
      return formatPhone(raw);
    default:
      return raw.length > MAX_SHOWN ? `${raw.slice(0, MAX_SHOWN)}…` : raw;
  }
}
