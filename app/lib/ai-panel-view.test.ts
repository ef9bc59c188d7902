import { describe, expect, it } from "vitest";
import type { SummaryView } from "./ai";
import { arrangeSummaries, suggestionOffers } from "./ai-panel-view";

function summary(extra: Partial<SummaryView> = {}, extracted: Partial<NonNullable<SummaryView["result"]>["extracted"]> = {}): SummaryView {
  return {
    id: "s1",
    status: "succeeded",
    provider: "local",
    model: "local",
    trigger: "auto",
    createdAt: "2026-11-29T12:00:00.000Z",
    error: null,
    result: {
      summary: "Pediu proposta.",
      sentiment: "positive",
      sentimentScore: 0.5,
      intent: "proposal",
      urgency: "medium",
      nextActions: [],
      suggestedStage: { id: "proposal", name: "Proposta", reason: "Pediu proposta" },
      extracted: { company: "Acme", email: "ana@acme.test", budget: "R$ 15 mil", deadline: "sexta", ...extracted },
    },
    accepted: {},
    ...extra,
  };
}
const lead = { stageId: "new", company: null, email: null };
const everything = { move: true, edit: true };
const fields = (offers: ReturnType<typeof suggestionOffers>) => offers.map((offer) => offer.field);

describe("suggestionOffers", () => {
  it("offers every suggestion the lead does not hold yet", () => {
    const offers = suggestionOffers(summary(), lead, everything);
    expect(fields(offers)).toEqual(["stage", "company", "email", "budget", "deadline"]);
    expect(offers[0]).toEqual({ field: "stage", value: "Proposta", reason: "Pediu proposta", accepted: null });
  });

  it("leaves out what the lead already has, ignoring case and spaces", () => {
    const offers = suggestionOffers(summary(), { stageId: "proposal", company: " acme ", email: "ANA@acme.test" }, everything);
    expect(fields(offers)).toEqual(["budget", "deadline"]);
  });

  it("offers the stage only to those who may move and the fields only to those who may edit", () => {
    expect(fields(suggestionOffers(summary(), lead, { move: false, edit: true }))).toEqual(["company", "email", "budget", "deadline"]);
    expect(fields(suggestionOffers(summary(), lead, { move: true, edit: false }))).toEqual(["stage"]);
    expect(suggestionOffers(summary(), lead, { move: false, edit: false })).toEqual([]);
  });

  it("keeps a taken suggestion with who took it, for everyone", () => {
    const taken = summary({ accepted: { company: { by: "Ana", at: "2026-11-29T12:01:00.000Z" } } });
    expect(suggestionOffers(taken, { ...lead, company: "Acme" }, { move: false, edit: false })).toEqual([
      { field: "company", value: "Acme", reason: null, accepted: { by: "Ana", at: "2026-11-29T12:01:00.000Z" } },
    ]);
  });

  it("offers nothing that was not extracted, and nothing from a failed attempt", () => {
    expect(fields(suggestionOffers(summary({}, { company: null, budget: null }), lead, everything))).toEqual(["stage", "email", "deadline"]);
    expect(suggestionOffers(summary({ status: "failed", result: null, error: "timeout" }), lead, everything)).toEqual([]);
  });
});

describe("arrangeSummaries", () => {
  const ok = (id: string) => summary({ id });
  const failed = (id: string) => summary({ id, status: "failed", result: null, error: "timeout" });

  it("keeps the newest summary current and the rest as history", () => {
    const [a, b, c] = [ok("a"), failed("b"), ok("c")];
    expect(arrangeSummaries([a, b, c])).toEqual({ failure: null, current: a, history: [b, c] });
  });

  it("shows a newer failed attempt above the last good summary instead of hiding it", () => {
    const [a, b, c, d] = [failed("a"), failed("b"), ok("c"), ok("d")];
    expect(arrangeSummaries([a, b, c, d])).toEqual({ failure: a, current: c, history: [b, d] });
  });

  it("copes with only failures, and with nothing", () => {
    const [a, b] = [failed("a"), failed("b")];
    expect(arrangeSummaries([a, b])).toEqual({ failure: a, current: null, history: [b] });
    expect(arrangeSummaries([])).toEqual({ failure: null, current: null, history: [] });
  });
});
