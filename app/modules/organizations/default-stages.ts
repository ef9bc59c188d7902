import type { STAGE_TYPES } from "@db/entities/pipeline-stage";
import type { PlainMessageKey } from "~/i18n/catalogue";

/**
 * The five stages every new organization starts with (reference schema §12.2).
 * Their names are data once created: they are written in the language of the
 * person who creates the organization, and renamed like any other stage.
 */
export const DEFAULT_STAGES: { name: PlainMessageKey; stageType: (typeof STAGE_TYPES)[number]; color: string }[] = [
  { name: "stages.lead", stageType: "lead", color: "#ef4444" },
  { name: "stages.contact", stageType: "contact", color: "#f97316" },
  { name: "stages.proposal", stageType: "proposal", color: "#eab308" },
  { name: "stages.negotiation", stageType: "negotiation", color: "#22c55e" },
  { name: "stages.closed", stageType: "closed", color: "#6366f1" },
];
