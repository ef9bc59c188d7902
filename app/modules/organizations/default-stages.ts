import type { STAGE_TYPES } from "@db/entities/pipeline-stage";

/** The five stages every new organization starts with (reference schema §12.2), in pt-BR. */
export const DEFAULT_STAGES: { name: string; stageType: (typeof STAGE_TYPES)[number]; color: string }[] = [
  { name: "Lead", stageType: "lead", color: "#ef4444" },
  { name: "Contato", stageType: "contact", color: "#f97316" },
  { name: "Proposta", stageType: "proposal", color: "#eab308" },
  { name: "Negociação", stageType: "negotiation", color: "#22c55e" },
  { name: "Fechado", stageType: "closed", color: "#6366f1" },
];
