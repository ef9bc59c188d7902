import type { LeadFieldName } from "~/modules/leads/field-labels";
import { formatMoney } from "~/utils/format";
import { PRIORITY_LABELS, SOURCE_LABELS, STATUS_LABELS } from "~/utils/labels";

const MAX_SHOWN = 120;

/** A lead field's value as a person reads it (assignees already as names); "vazio" when unset. */
export function formatLeadValue(field: LeadFieldName, value: unknown, currency: string): string {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return "vazio";
  if (Array.isArray(value)) return value.join(", ");
  const raw = String(value);
  switch (field) {
    case "estimatedValue":
      return formatMoney(raw, currency);
    case "priority":
      return PRIORITY_LABELS[raw] ?? raw;
    case "status":
      return STATUS_LABELS[raw] ?? raw;
    case "source":
      return SOURCE_LABELS[raw] ?? raw;
    default:
      return raw.length > MAX_SHOWN ? `${raw.slice(0, MAX_SHOWN)}…` : raw;
  }
}
