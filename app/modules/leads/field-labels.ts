import type { LeadFieldsInput } from "./lead-fields.server";

/** How the lead's fields are named in pt-BR, on the form and in the activity history (shared by server and browser). */
export const LEAD_FIELD_LABELS = {
  fullName: "Nome",
  email: "E-mail",
  phone: "Telefone",
  company: "Empresa",
  jobTitle: "Cargo",
  estimatedValue: "Valor estimado",
  source: "Origem",
  priority: "Prioridade",
  status: "Status",
  tags: "Tags",
  assignee: "Responsável",
  notes: "Observações",
} as const satisfies Record<keyof LeadFieldsInput, string>;
export type LeadFieldName = keyof typeof LEAD_FIELD_LABELS;
