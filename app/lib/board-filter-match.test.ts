import { describe, expect, it } from "vitest";
import type { BoardCard, LeadSearchFields } from "~/lib/board-client";
import { cardMatchesFilters } from "./board-filter-match";

const ME = "4f0c1d9e-5b7a-4c1e-9f3a-2d6b8e0a1c3f";
const card: BoardCard = {
  id: "l-1",
  version: 2,
  stageId: "s-1",
  position: "a0",
  fullName: "Bruno Lima",
  company: "Padaria Lima",
  estimatedValue: "1500.00",
  source: "whatsapp",
  priority: "high",
  tags: ["quente", "b2b"],
  assignee: { id: ME, fullName: "Ana Souza" },
  lastContactAt: null,
  lastContactChannel: null,
  lastInboundAt: null,
  unreadCount: 0,
  aiSentiment: null,
  aiSummaryAt: null,
};

const verdict = (query: string, over: Partial<BoardCard> = {}) =>
  cardMatchesFilters({ ...card, ...over }, new URLSearchParams(query), ME);

describe("cardMatchesFilters", () => {
  it("selects every card without filters", () => {
    expect(verdict("")).toBe(true);
    expect(verdict("stageId=x&cursor=y")).toBe(true);
  });

  it("decides the structured filters from the card, as the server's SQL does", () => {
    expect(verdict("assignee=mine")).toBe(true);
    expect(verdict("assignee=none")).toBe(false);
    // No assignee shown: none, or one who left the organization (the lead keeps their id).
    expect(verdict("assignee=none", { assignee: null })).toBeNull();
    expect(verdict("assignee=mine", { assignee: null })).toBeNull();
    expect(verdict(`assignee=${ME.toUpperCase()}`)).toBe(true);
    expect(verdict("source=whatsapp&tag=b2b&priority=high")).toBe(true);
    expect(verdict("source=WhatsApp")).toBe(false);
    expect(verdict("tag=quent")).toBe(false);
    expect(verdict("min=1500&max=1500.00")).toBe(true);
    expect(verdict("min=1500.01")).toBe(false);
    expect(verdict("max=99.5")).toBe(false);
    // A null value never passes a value bound (SQL's comparison with null is not true).
    expect(verdict("min=0", { estimatedValue: null })).toBe(false);
  });

  it("decides a text search over name, company, e-mail and phone digits when the event carries e-mail and phone", () => {
    const fields: LeadSearchFields = {
      email: "bruno@padaria.com.br",
      phone: "+5511912345678",
    };
    const search = (
      q: string,
      over: Partial<BoardCard> = {},
      extra: LeadSearchFields = fields
    ) =>
      cardMatchesFilters(
        { ...card, ...over },
        new URLSearchParams({ q }),
        ME,
        extra
      );
    expect(search("LIMA")).toBe(true);
    expect(search("padaria l")).toBe(true);
    expect(search("@PADARIA.com")).toBe(true);
    expect(search("(11) 91234")).toBe(true);
    expect(search("souza")).toBe(false);
    // Fewer than four digits never search the phone, as on the server.
    expect(search("567")).toBe(false);
    expect(
      search(
        "lima",
        { fullName: "Bruno", company: null },
        { email: null, phone: null }
      )
    ).toBe(false);
    // Accented letters: matched as is when found, undecided when not (PostgreSQL's folding depends on its collation).
    expect(search("joão")).toBeNull();
    expect(
      search("lima", { fullName: "Bruno Łima", company: null })
    ).toBeNull();
    expect(search("lima", { fullName: "Bruno Ávila", company: null })).toBe(
      false
    );
  });

  it("cannot decide a text search without e-mail and phone, or a value the server might read otherwise", () => {
    expect(verdict("q=lima")).toBeNull();
    expect(verdict("min=1.500,00")).toBeNull();
    expect(verdict("min=1000000000000")).toBeNull();
    expect(verdict("min=0150")).toBeNull();
    expect(verdict("priority=high%20")).toBeNull();
    expect(verdict("assignee=%20mine")).toBeNull();
    expect(verdict("priority=URGENT")).toBeNull();
    expect(verdict("assignee=not-a-uuid")).toBeNull();
    expect(verdict(`tag=${"x".repeat(41)}`)).toBeNull();
  });

  it("lets one certainly failed filter decide over an undecided one", () => {
    expect(verdict("q=lima&priority=low")).toBe(false);
    expect(verdict("q=lima&priority=high")).toBeNull();
  });
});
