import type { Translate } from "~/i18n/translator";
import type { LeadFieldsInput } from "./lead-fields.server";

/** The lead's editable fields, in form order (shared by server and browser); their names live in the catalogues as `field.<name>`. */
export const LEAD_FIELD_NAMES = [
  "fullName",
  "email",
  "phone",
  "company",
  "jobTitle",
  "estimatedValue",
  "source",
  "priority",
  "status",
  "tags",
  "assignee",
  "notes",
] as const satisfies readonly (keyof LeadFieldsInput)[];
export type LeadFieldName = (typeof LEAD_FIELD_NAMES)[number];

export function fieldLabel(t: Translate, field: LeadFieldName) {
  return t(`field.${field}`);
}
