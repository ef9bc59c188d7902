import type { SummaryOutput } from "../summary-output.server";

type StageType = "lead" | "contact" | "proposal" | "negotiation" | "closed" | "custom";
export type SuggestableStage = { id: string; name: string; stageType: StageType; position: number };

/** Where a conversation with this intent usually belongs, among the default stage types. */
const STAGE_FOR_INTENT: Partial<Record<SummaryOutput["intent"], StageType>> = {
  quote: "proposal",
  proposal: "proposal",
  pricing: "negotiation",
  purchase: "negotiation",
  meeting: "contact",
};

const REASONS: Record<"pt-BR" | "en", Partial<Record<SummaryOutput["intent"], string>>> = {
  "pt-BR": {
    quote: "O lead pediu um orçamento.",
    proposal: "A conversa gira em torno de uma proposta.",
    pricing: "O lead está negociando preço e condições.",
    purchase: "O lead sinalizou que quer fechar.",
    meeting: "Há uma reunião sendo combinada com o lead.",
  },
  en: {
    quote: "The lead asked for a quote.",
    proposal: "The conversation is about a proposal.",
    pricing: "The lead is negotiating price and terms.",
    purchase: "The lead signalled they want to close.",
    meeting: "A meeting is being arranged with the lead.",
  },
};

/**
 * The local analyzer's stage suggestion: a rule from the intent to one of the
 * organization's default stage types, and only forward (a lead already past
 * that stage is not sent back). Custom stages are never guessed at.
 */
export function suggestStage(
  intent: SummaryOutput["intent"],
  stages: readonly SuggestableStage[],
  currentStageId: string,
  language: "pt-BR" | "en",
): { suggestedStageId: string | null; suggestedStageReason: string | null } {
  const none = { suggestedStageId: null, suggestedStageReason: null };
  const type = STAGE_FOR_INTENT[intent];
  const current = stages.find((stage) => stage.id === currentStageId);
  const target = type && stages.find((stage) => stage.stageType === type);
  if (!target || !current || target.position <= current.position) return none;
  return { suggestedStageId: target.id, suggestedStageReason: REASONS[language][intent] ?? null };
}
