import { describe, expect, it } from "vitest";
import { boardReducer, columnOf, initBoard, type BoardState } from "~/components/board/board-state";
import type { BoardCard, BoardData, BoardStage } from "~/lib/board-client";

type Action = Parameters<typeof boardReducer>[1];

function card(id: string, stageId: string, position: string, extra: Partial<BoardCard> = {}): BoardCard {
  return {
    id,
    version: 1,
    stageId,
    position,
    fullName: `Lead ${id}`,
    company: null,
    estimatedValue: null,
    source: null,
    priority: "medium",
    tags: [],
    assignee: null,
    lastContactAt: null,
    lastContactChannel: null,
    lastInboundAt: null,
    unreadCount: 0,
    aiSentiment: null,
    aiSummaryAt: null,
    ...extra,
  };
}

type StageInput = Pick<BoardStage, "id" | "leads"> & Partial<BoardStage>;

function boardData(stages: StageInput[]): BoardData {
  return {
    organization: { id: "org", name: "Org", slug: "org", currency: "BRL", timeZone: "America/Sao_Paulo", locale: "pt-BR" },
    role: "member",
    me: { id: "me", fullName: "Me Myself" },
    members: [],
    facets: { sources: [], tags: [] },
    lastEventId: 0,
    stages: stages.map((stage) => ({
      name: stage.id.toUpperCase(),
      color: "#000000",
      count: stage.leads.length,
      totalValue: "0.00",
      nextCursor: null,
      ...stage,
    })),
  };
}

/** Two columns: "a" holds a1, a2, a3 (worth 100, 200, none), "b" holds b1 (worth 50). */
function twoColumns(options: { moreInB?: boolean } = {}) {
  return initBoard(
    boardData([
      {
        id: "a",
        leads: [card("a1", "a", "a1", { estimatedValue: "100.00" }), card("a2", "a", "a2", { estimatedValue: "200.00" }), card("a3", "a", "a3")],
        totalValue: "300.00",
      },
      {
        id: "b",
        leads: [card("b1", "b", "a5", { estimatedValue: "50.00" })],
        totalValue: "50.00",
        count: options.moreInB ? 40 : 1,
        nextCursor: options.moreInB ? "a5" : null,
      },
    ]),
  );
}

function run(state: BoardState, ...actions: Action[]) {
  return actions.reduce(boardReducer, state);
}

function ids(state: BoardState) {
  return Object.fromEntries(state.columns.map((column) => [column.id, column.ids]));
}

function totals(state: BoardState) {
  return Object.fromEntries(state.columns.map((column) => [column.id, [column.count, column.totalValue]]));
}

describe("initBoard", () => {
  it("lays the loader's stages out as columns of card ids, every card once by id, nothing pending", () => {
    const data = boardData([
      { id: "a", leads: [card("a1", "a", "a1"), card("a2", "a", "a2")], count: 12, totalValue: "900.50", nextCursor: "a2" },
      { id: "b", leads: [] },
    ]);
    const state = initBoard(data);
    expect(state.source).toBe(data);
    expect(state.columns).toEqual([
      { id: "a", name: "A", color: "#000000", count: 12, totalValue: "900.50", ids: ["a1", "a2"], nextCursor: "a2" },
      { id: "b", name: "B", color: "#000000", count: 0, totalValue: "0.00", ids: [], nextCursor: null },
    ]);
    expect(Object.keys(state.cards)).toEqual(["a1", "a2"]);
    expect(state.notes).toEqual({});
    expect(state.pending).toEqual({});
  });

  it("finds the column holding a card", () => {
    const state = twoColumns();
    expect(columnOf(state, "b1")?.id).toBe("b");
    expect(columnOf(state, "nope")).toBeUndefined();
  });
});

describe("reset", () => {
  it("replaces everything with a new loader answer (filters changed, a revalidation)", () => {
    const moved = run(twoColumns(), { type: "move-start", leadId: "a1", fromStageId: "a", toStageId: "b", baseVersion: 1 });
    const data = boardData([{ id: "a", leads: [card("a9", "a", "a9")] }]);
    const state = boardReducer(moved, { type: "reset", data });
    expect(state.source).toBe(data);
    expect(ids(state)).toEqual({ a: ["a9"] });
    expect(state.pending).toEqual({});
  });
});

describe("page", () => {
  it("appends a scrolled-in page to its column and keeps the next cursor", () => {
    const state = run(twoColumns({ moreInB: true }), {
      type: "page",
      stageId: "b",
      leads: [card("b2", "b", "a6"), card("b3", "b", "a7")],
      nextCursor: "a7",
    });
    expect(ids(state).b).toEqual(["b1", "b2", "b3"]);
    expect(state.columns[1].nextCursor).toBe("a7");
    expect(state.cards.b3.position).toBe("a7");
  });

  it("skips cards the board already shows (moved in live meanwhile) and cards of another stage", () => {
    const state = run(twoColumns({ moreInB: true }), {
      type: "page",
      stageId: "b",
      leads: [card("a1", "b", "a6"), card("b2", "b", "a7"), card("x", "a", "a8")],
      nextCursor: null,
    });
    expect(ids(state)).toEqual({ a: ["a1", "a2", "a3"], b: ["b1", "b2"] });
    expect(state.cards.a1.stageId).toBe("a");
    expect(state.cards.x).toBeUndefined();
    expect(state.columns[1].nextCursor).toBeNull();
  });
});

describe("dragging", () => {
  it("drag-over moves the card to the index in the target column, clamped to its length", () => {
    const state = twoColumns();
    expect(ids(run(state, { type: "drag-over", leadId: "a1", toStageId: "b", index: 0 }))).toEqual({ a: ["a2", "a3"], b: ["a1", "b1"] });
    expect(ids(run(state, { type: "drag-over", leadId: "a1", toStageId: "b", index: 99 }))).toEqual({ a: ["a2", "a3"], b: ["b1", "a1"] });
    expect(ids(run(state, { type: "drag-over", leadId: "a1", toStageId: "a", index: 2 }))).toEqual({ a: ["a2", "a3", "a1"], b: ["b1"] });
  });

  it("drag-over changes neither totals nor the card (nothing is decided until the drop)", () => {
    const state = run(twoColumns(), { type: "drag-over", leadId: "a1", toStageId: "b", index: 0 });
    expect(totals(state)).toEqual(totals(twoColumns()));
    expect(state.cards.a1.stageId).toBe("a");
  });

  it("drag-restore puts the columns back as they were, without cards that left meanwhile", () => {
    const before = twoColumns();
    const snapshot = before.columns.map((column) => ({ id: column.id, ids: column.ids }));
    const dragged = run(
      before,
      { type: "drag-over", leadId: "a1", toStageId: "b", index: 1 },
      { type: "server", cards: { a3: null }, stages: [] },
    );
    expect(ids(run(dragged, { type: "drag-restore", columns: snapshot }))).toEqual({ a: ["a1", "a2"], b: ["b1"] });
  });
});

describe("a move of one's own", () => {
  const dropped = () =>
    run(
      twoColumns(),
      { type: "drag-over", leadId: "a1", toStageId: "b", index: 0 },
      { type: "move-start", leadId: "a1", fromStageId: "a", toStageId: "b", baseVersion: 1 },
    );

  it("shows at once: the card is in its new column with the totals shifted, and marked pending", () => {
    const state = dropped();
    expect(ids(state)).toEqual({ a: ["a2", "a3"], b: ["a1", "b1"] });
    expect(totals(state)).toEqual({ a: [2, "200.00"], b: [2, "150.00"] });
    expect(state.cards.a1.stageId).toBe("b");
    expect(state.pending).toEqual({ a1: 1 });
  });

  it("a reorder inside one column leaves the totals alone", () => {
    const state = run(
      twoColumns(),
      { type: "drag-over", leadId: "a1", toStageId: "a", index: 2 },
      { type: "move-start", leadId: "a1", fromStageId: "a", toStageId: "a", baseVersion: 1 },
    );
    expect(totals(state)).toEqual(totals(twoColumns()));
  });

  it("confirmed: takes the server's card where the user dropped it and is no longer pending", () => {
    const confirmed = card("a1", "b", "a4", { version: 2, estimatedValue: "100.00" });
    const state = run(dropped(), { type: "move-confirmed", card: confirmed });
    expect(ids(state)).toEqual({ a: ["a2", "a3"], b: ["a1", "b1"] });
    expect(state.cards.a1).toBe(confirmed);
    expect(state.pending).toEqual({});
  });

  it("confirmed in another column than shown (moved again by someone meanwhile): placed by its key", () => {
    const elsewhere = card("a1", "a", "a25", { version: 2 });
    const state = run(dropped(), { type: "move-confirmed", card: elsewhere });
    expect(ids(state)).toEqual({ a: ["a2", "a1", "a3"], b: ["b1"] });
  });

  it("a confirmation older than what the board shows only clears the pending mark", () => {
    const newer = card("a1", "b", "a4", { version: 5 });
    const shown = dropped();
    const withNewer = { ...shown, cards: { ...shown.cards, a1: newer } };
    const state = run(withNewer, { type: "move-confirmed", card: card("a1", "b", "a4", { version: 2 }) });
    expect(state.cards.a1).toBe(newer);
    expect(state.pending).toEqual({});
  });

  it("refused without an answer (network, no room): the card goes back where it was and the totals with it", () => {
    const state = run(dropped(), { type: "move-refused", leadId: "a1", fromStageId: "a", toStageId: "b", truth: null });
    expect(ids(state)).toEqual({ a: ["a1", "a2", "a3"], b: ["b1"] });
    expect(totals(state)).toEqual(totals(twoColumns()));
    expect(state.cards.a1.stageId).toBe("a");
    expect(state.pending).toEqual({});
  });

  it("refused as stale (409): the card snaps to where the server says it is now", () => {
    const truth = card("a1", "c", "a1", { version: 3, estimatedValue: "100.00" });
    const shown = dropped();
    const three = { ...shown, columns: [...shown.columns, { id: "c", name: "C", color: "#000", count: 0, totalValue: "0.00", ids: [], nextCursor: null }] };
    const state = run(three, { type: "move-refused", leadId: "a1", fromStageId: "a", toStageId: "b", truth });
    expect(ids(state)).toEqual({ a: ["a2", "a3"], b: ["b1"], c: ["a1"] });
    expect(state.cards.a1).toBe(truth);
    expect(state.pending).toEqual({});
  });
});

describe("server answers (cards fetched after a live event)", () => {
  it("places each card by its key, takes the totals and adds the note", () => {
    const updated = card("b1", "a", "a15", { version: 2 });
    const state = run(twoColumns(), {
      type: "server",
      cards: { b1: updated },
      stages: [
        { id: "a", count: 4, totalValue: "350.00" },
        { id: "b", count: 0, totalValue: "0.00" },
      ],
      notes: { b1: "Ana moved it" },
    });
    expect(ids(state)).toEqual({ a: ["a1", "b1", "a2", "a3"], b: [] });
    expect(totals(state)).toEqual({ a: [4, "350.00"], b: [0, "0.00"] });
    expect(state.notes.b1.text).toBe("Ana moved it");
  });

  it("a card the filters no longer match (null) leaves the board", () => {
    const state = run(twoColumns(), { type: "server", cards: { a2: null }, stages: [] });
    expect(ids(state).a).toEqual(["a1", "a3"]);
    expect(state.cards.a2).toBeUndefined();
  });

  it("a card arriving below the loaded part of a column with more pages is left for that page", () => {
    const state = run(twoColumns({ moreInB: true }), {
      type: "server",
      cards: { a1: card("a1", "b", "a9", { version: 2 }), n: card("n", "b", "a8") },
      stages: [],
      notes: { n: "Ana created it" },
    });
    expect(ids(state)).toEqual({ a: ["a2", "a3"], b: ["b1"] });
    expect(state.cards.a1).toBeUndefined();
    expect(state.notes.n).toBeUndefined();
  });

  it("a card arriving above the end of the loaded part is shown in place", () => {
    const state = run(twoColumns({ moreInB: true }), { type: "server", cards: { n: card("n", "b", "a0") }, stages: [] });
    expect(ids(state).b).toEqual(["n", "b1"]);
  });

  it("never undoes a move still on its way: answers about the version it was based on are ignored", () => {
    const moving = run(
      twoColumns(),
      { type: "drag-over", leadId: "a1", toStageId: "b", index: 0 },
      { type: "move-start", leadId: "a1", fromStageId: "a", toStageId: "b", baseVersion: 1 },
    );
    const state = run(moving, { type: "server", cards: { a1: card("a1", "a", "a1", { version: 1 }) }, stages: [] });
    expect(ids(state)).toEqual(ids(moving));
    expect(run(moving, { type: "server", cards: { a1: null }, stages: [] }).cards.a1).toBeDefined();
  });

  it("ignores an answer older than the card shown", () => {
    const newer = run(twoColumns(), { type: "server", cards: { a2: card("a2", "b", "a6", { version: 4 }) }, stages: [] });
    const state = run(newer, { type: "server", cards: { a2: card("a2", "a", "a2", { version: 3 }) }, stages: [] });
    expect(ids(state)).toEqual({ a: ["a1", "a3"], b: ["b1", "a2"] });
  });
});

describe("someone else's move (remote-move, from the event itself)", () => {
  it("moves the card after the card named, with totals and a note", () => {
    const state = run(twoColumns(), { type: "remote-move", leadId: "a2", toStageId: "b", afterLeadId: "b1", position: "k-a2", version: 2, note: "Ana moved it" });
    expect(ids(state)).toEqual({ a: ["a1", "a3"], b: ["b1", "a2"] });
    expect(totals(state)).toEqual({ a: [2, "100.00"], b: [2, "250.00"] });
    expect(state.cards.a2).toMatchObject({ stageId: "b", position: "k-a2", version: 2 });
    expect(state.notes.a2.text).toBe("Ana moved it");
  });

  it("to the top when no card is named", () => {
    const state = run(twoColumns(), { type: "remote-move", leadId: "a3", toStageId: "a", afterLeadId: null, position: "k-a3", version: 2 });
    expect(ids(state).a).toEqual(["a3", "a1", "a2"]);
  });

  it("changes nothing when the card it follows is not loaded (the cards request places it)", () => {
    const state = twoColumns({ moreInB: true });
    expect(run(state, { type: "remote-move", leadId: "a1", toStageId: "b", afterLeadId: "unloaded", position: "k-a1", version: 2 })).toBe(state);
  });

  it("changes nothing for a version already shown, a card with a move pending, or an unknown card", () => {
    const state = twoColumns();
    expect(run(state, { type: "remote-move", leadId: "a1", toStageId: "b", afterLeadId: null, position: "k-a1", version: 1 })).toBe(state);
    expect(run(state, { type: "remote-move", leadId: "zz", toStageId: "b", afterLeadId: null, position: "k-zz", version: 2 })).toBe(state);
    const moving = run(state, { type: "move-start", leadId: "a1", fromStageId: "a", toStageId: "a", baseVersion: 1 });
    expect(run(moving, { type: "remote-move", leadId: "a1", toStageId: "b", afterLeadId: null, position: "k-a1", version: 2 })).toBe(moving);
  });
});

describe("created and notes", () => {
  it("a quick-added card tops its column and counts in its totals", () => {
    const state = run(twoColumns(), { type: "created", card: card("n", "b", "a0", { estimatedValue: "25.50" }) });
    expect(ids(state).b).toEqual(["n", "b1"]);
    expect(totals(state).b).toEqual([2, "75.50"]);
  });

  it("a card already shown (its live event came first) or for an unknown column changes nothing", () => {
    const state = twoColumns();
    expect(run(state, { type: "created", card: card("a1", "a", "a0") })).toBe(state);
    expect(run(state, { type: "created", card: card("n", "zz", "a0") })).toBe(state);
  });

  it("note-done removes the note it was shown for, not a newer one", () => {
    const noted = run(twoColumns(), { type: "remote-move", leadId: "a3", toStageId: "a", afterLeadId: null, position: "k-a3", version: 2, note: "first" });
    const key = noted.notes.a3.key;
    const renoted = run(noted, { type: "remote-move", leadId: "a3", toStageId: "b", afterLeadId: null, position: "k-a3", version: 3, note: "second" });
    expect(run(renoted, { type: "note-done", leadId: "a3", key }).notes.a3.text).toBe("second");
    expect(run(noted, { type: "note-done", leadId: "a3", key }).notes.a3).toBeUndefined();
  });
});
