import { beforeAll, describe, expect, it } from "vitest";
import type { LeadSearchFields } from "~/lib/board-client";
import { cardMatchesFilters } from "~/lib/board-filter-match";
import { MAX_CARD_IDS } from "~/modules/board/card-ids.server";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { getJson, organizationId, userByEmail, type Card } from "./support";

/**
 * The browser places a teammate's moved card from the live event when its
 * filters can decide from the card alone (app/lib/board-filter-match.ts).
 * Wherever it decides, it must agree with the server's filters: checked here
 * against `/board/cards` for every lead of the demo organization.
 */
describe("the browser's filter verdict agrees with the server's", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const rep = new TestClient(server);
  let repId = "";
  let ids: string[] = [];
  let contacts = new Map<string, LeadSearchFields>();

  async function serverSelection(query: string) {
    const selected = new Map<string, Card>();
    for (let at = 0; at < ids.length; at += MAX_CARD_IDS) {
      const batch = ids.slice(at, at + MAX_CARD_IDS);
      const answer = await getJson<{ cards: Record<string, Card | null> }>(
        rep,
        `/o/aurora/board/cards?ids=${batch.join(",")}${
          query ? `&${query}` : ""
        }`
      );
      expect(answer.status).toBe(200);
      for (const [id, card] of Object.entries(answer.body.cards))
        if (card) selected.set(id, card);
    }
    return selected;
  }

  beforeAll(async () => {
    await rep.login("rep@aurora.test");
    repId = (await userByEmail(db, "rep@aurora.test")).id;
    const rows = await db.adminQuery<{
      id: string;
      email: string | null;
      phone: string | null;
    }>(
      `select id, email, phone from leads where organization_id = $1 and status <> 'archived' order by id`,
      [await organizationId(db, "aurora")]
    );
    ids = rows.map((row) => row.id);
    contacts = new Map(
      rows.map((row) => [row.id, { email: row.email, phone: row.phone }])
    );
  });

  it("on every lead, for structured filters and their mix with a text search", async () => {
    const all = await serverSelection("");
    expect(all.size).toBe(ids.length);
    const cards = [...all.values()];
    const someTag = cards.find((card) => card.tags.length)!.tags[0];
    const someSource = cards.find((card) => card.source)!.source!;
    const someAssignee = cards.find(
      (card) => card.assignee && card.assignee.id !== repId
    )!.assignee!.id;
    const values = cards
      .map((card) => Number(card.estimatedValue ?? 0))
      .sort((a, b) => a - b);
    const middle = values[Math.floor(values.length / 2)].toFixed(2);
    const queries = [
      "assignee=mine",
      "assignee=none",
      `assignee=${someAssignee}`,
      `tag=${encodeURIComponent(someTag)}`,
      `source=${encodeURIComponent(someSource)}`,
      "priority=high",
      `min=${middle}`,
      `max=${middle}`,
      `min=${middle}&priority=urgent&assignee=mine`,
      "q=a&priority=low",
      "priority=URGENT&tag=nothing-has-this",
      `q=${encodeURIComponent(
        cards[0].fullName.split(" ").at(-1)!.toUpperCase()
      )}`,
      `q=${encodeURIComponent(
        contacts.get(cards[1].id)?.email?.split("@")[1] ?? "example"
      )}`,
      `q=${encodeURIComponent(
        (contacts.get(cards[2].id)?.phone ?? "+5511987654321").slice(-6, -2)
      )}`,
      "q=zz_%",
    ];
    let decided = { selected: 0, rejected: 0 };
    for (const query of queries) {
      const selected = await serverSelection(query);
      for (const card of cards) {
        const verdict = cardMatchesFilters(
          card,
          new URLSearchParams(query),
          repId,
          contacts.get(card.id)
        );
        if (verdict === null) continue;
        expect({ query, id: card.id, verdict }).toEqual({
          query,
          id: card.id,
          verdict: selected.has(card.id),
        });
        decided = verdict
          ? { ...decided, selected: decided.selected + 1 }
          : { ...decided, rejected: decided.rejected + 1 };
      }
    }
    // The check has teeth only if the browser actually decided both ways.
    expect(decided.selected).toBeGreaterThan(0);
    expect(decided.rejected).toBeGreaterThan(0);
  });
});
