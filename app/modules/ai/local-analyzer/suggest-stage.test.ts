import { describe, expect, it } from "vitest";
import { suggestStage, type SuggestableStage } from "./suggest-stage";

const STAGES: SuggestableStage[] = [
  { id: "s-lead", name: "Lead", stageType: "lead", position: 0 },
  { id: "s-contact", name: "Contato", stageType: "contact", position: 1 },
  { id: "s-proposal", name: "Proposta", stageType: "proposal", position: 2 },
  { id: "s-negotiation", name: "Negociação", stageType: "negotiation", position: 3 },
];

describe("suggestStage", () => {
  it("moves a lead asking for a quote to the proposal stage, with a reason in the organization's language", () => {
    expect(suggestStage("quote", STAGES, "s-lead", "pt-BR")).toEqual({ suggestedStageId: "s-proposal", suggestedStageReason: "O lead pediu um orçamento." });
    expect(suggestStage("purchase", STAGES, "s-proposal", "en").suggestedStageId).toBe("s-negotiation");
  });

  it("never sends a lead back, nor guesses for intents without a stage", () => {
    expect(suggestStage("meeting", STAGES, "s-proposal", "pt-BR").suggestedStageId).toBeNull();
    expect(suggestStage("quote", STAGES, "s-proposal", "pt-BR").suggestedStageId).toBeNull();
    expect(suggestStage("cancel", STAGES, "s-lead", "pt-BR").suggestedStageId).toBeNull();
    expect(suggestStage("support", STAGES, "s-lead", "pt-BR").suggestedStageId).toBeNull();
  });

  it("suggests nothing when the organization has no stage of that type", () => {
    const custom = STAGES.filter((stage) => stage.stageType !== "proposal");
    expect(suggestStage("proposal", custom, "s-lead", "pt-BR")).toEqual({ suggestedStageId: null, suggestedStageReason: null });
  });
});
