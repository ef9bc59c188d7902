import { describe, expect, it } from "vitest";
import { estimateTokens, trimConversation } from "./trim-conversation";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 29, 12, minute));
const entries = (count: number, text = "x".repeat(40)) =>
  Array.from({ length: count }, (_, index) => ({ id: index, text, at: at(count - index) })); // newest first

describe("trimConversation", () => {
  it("keeps the newest entries that fit the budget, returned oldest first", () => {
    const newestFirst = entries(100);
    const chosen = trimConversation(newestFirst, { budgetTokens: 180, previousSummary: null });
    expect(chosen.length).toBe(10); // 18 tokens each (10 of text + 8 framing)
    expect(chosen.map((entry) => entry.id)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  });

  it("always sends the newest entry, cut to a bounded length", () => {
    const huge = [{ id: 0, text: "y".repeat(50_000), at: at(1) }];
    const [only] = trimConversation(huge, { budgetTokens: 10, previousSummary: null });
    expect(only.text.length).toBeLessThanOrEqual(2_001);
    expect(only.text.endsWith("…")).toBe(true);
  });

  it("with a previous summary sends what came after it and four entries of context", () => {
    const newestFirst = entries(50);
    const chosen = trimConversation(newestFirst, {
      budgetTokens: 10_000,
      previousSummary: { text: "Lead quer orçamento.", coveredUntil: at(40) },
    });
    // Entries at minutes 41..50 are new (10), then 4 covered ones for context.
    expect(chosen.length).toBe(14);
    expect(chosen[0].at).toEqual(at(37));
  });

  it("counts the previous summary against the budget", () => {
    const summary = "z".repeat(400); // 100 tokens
    const without = trimConversation(entries(100), { budgetTokens: 300, previousSummary: null });
    const withSummary = trimConversation(entries(100), { budgetTokens: 300, previousSummary: { text: summary, coveredUntil: null } });
    expect(withSummary.length).toBeLessThan(without.length);
    expect(estimateTokens(summary)).toBe(100);
  });
});
