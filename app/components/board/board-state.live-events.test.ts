import { describe, expect, it } from "vitest";
import type { BoardCard, BoardData } from "~/lib/board-client";
import { EVENT_TYPES, type EventData, type EventType, type StreamMessage } from "~/modules/realtime/events";
import { boardReducer, initBoard, planLiveEvent, type LiveContext, type LivePlan } from "./board-state";

const ME = "u-me";
const ANA = { id: "u-ana", name: "Ana  Souza" };

function card(id: string, stageId: string, version: number, position: string): BoardCard {
  return { id, stageId, version, position } as BoardCard;
}

function board(): ReturnType<typeof initBoard> {
  const stage = (id: string, leads: BoardCard[]) => ({ id, name: id, color: "gray", count: leads.length, totalValue: "0.00", leads, nextCursor: null });
  return initBoard({ stages: [stage("s-1", [card("l-1", "s-1", 3, "a0"), card("l-2", "s-1", 1, "a1")]), stage("s-2", [])] } as unknown as BoardData);
}

const context = (over: Partial<LiveContext> = {}): LiveContext => ({
  meId: ME,
  dragging: false,
  filters: new URLSearchParams(),
  asking: () => false,
  note: (key, name) => `${key}:${name}`,
  ...over,
});

/** One valid example of every event type: a new type does not compile until it has one here. */
const SAMPLES: { [T in EventType]: EventData<T> } = {
  "lead.created": { leadId: "l-9", stageId: "s-1", version: 1, actor: ANA },
  "lead.updated": { leadId: "l-1", stageId: "s-1", version: 4, fields: ["company"], actor: ANA },
  "lead.moved": { leadId: "l-1", fromStageId: "s-1", toStageId: "s-2", afterLeadId: null, version: 4, position: "b0", actor: ANA },
  "lead.deleted": { leadId: "l-2", stageId: "s-1", actor: ANA },
  "stage.created": { stageId: "s-3", name: "Won", color: "green", position: 3, actor: ANA },
  "stage.updated": { stageId: "s-1", fields: ["name"], name: "New", color: "gray", actor: ANA },
  "stage.reordered": { stageIds: ["s-2", "s-1"], actor: ANA },
  "stage.archived": { stageId: "s-2", movedTo: "s-1", movedLeadCount: 0, actor: ANA },
  "member.removed": { userId: "u-old", actor: ANA },
  "message.created": {
    messageId: "m-1",
    leadId: "l-1",
    channel: "whatsapp",
    direction: "inbound",
    status: "received",
    preview: "Oi",
    assigneeId: "u-me",
    actor: null,
  },
  "message.updated": { messageId: "m-1", leadId: "l-1", channel: "whatsapp", direction: "outbound", status: "read", actor: null },
  "note.created": { noteId: "n-1", leadId: "l-1", authorId: "u-ana", actor: ANA },
  "note.updated": { noteId: "n-1", leadId: "l-1", authorId: "u-ana", actor: ANA },
  "note.deleted": { noteId: "n-1", leadId: "l-1", authorId: "u-ana", actor: ANA },
  "call.created": { callId: "c-1", leadId: "l-1", direction: "outbound", status: "queued", durationSeconds: null, recording: false, ended: false, assigneeId: "u-me", actor: ANA },
  "call.updated": { callId: "c-2", leadId: "l-1", direction: "inbound", status: "no-answer", durationSeconds: 0, recording: false, ended: true, assigneeId: "u-me", actor: null },
  "summary.created": { leadId: "l-1", summaryId: "a-1", status: "succeeded", sentiment: "positive", suggestedStageId: null, actor: null },
  "privacy_request.updated": { requestId: "r-1", status: "processing", progress: 40, actor: null },
};

/** What each message type does to the board, for the samples above. */
const EXPECTED: Record<StreamMessage["type"], LivePlan["kind"]> = {
  "lead.created": "refresh",
  "lead.updated": "refresh",
  "lead.moved": "move",
  "lead.deleted": "refresh",
  "stage.created": "revalidate",
  "stage.updated": "revalidate",
  "stage.reordered": "revalidate",
  "stage.archived": "revalidate",
  "member.removed": "revalidate",
  "message.created": "conversation",
  "message.updated": "conversation",
  "note.created": "conversation",
  "note.updated": "conversation",
  "note.deleted": "conversation",
  "call.created": "conversation",
  "call.updated": "conversation",
  "summary.created": "refresh",
  "privacy_request.updated": "ignore",
  presence: "presence",
  resync: "revalidate",
};

function event<T extends EventType>(type: T, data: EventData<T> = SAMPLES[type], id = 100): StreamMessage {
  return { type, id, at: "2026-11-29T12:00:00.000Z", data } as StreamMessage;
}

describe("planLiveEvent", () => {
  it("has a handler for every event type, presence and resync", () => {
    const messages: StreamMessage[] = [
      ...EVENT_TYPES.map((type) => event(type)),
      { type: "presence", id: null, at: "", data: { viewers: [], viewerCount: 0, dragging: [] } },
      { type: "resync", id: null, at: "", data: { reason: "gap" } },
    ];
    const kinds = Object.fromEntries(messages.map((message) => [message.type, planLiveEvent(board(), message, context()).kind]));
    expect(kinds).toEqual(EXPECTED);
  });

  it("shows a teammate's move of the version it holds from the event alone, with a note, asking for nothing", () => {
    const plan = planLiveEvent(board(), event("lead.moved"), context());
    expect(plan).toEqual({
      kind: "move",
      leadId: "l-1",
      eventId: 100,
      move: { type: "remote-move", leadId: "l-1", toStageId: "s-2", afterLeadId: null, position: "b0", version: 4, note: "board.note.moved:Ana" },
    });
  });

  it("shows a move at once but asks for the card when it missed a version in between", () => {
    const later = event("lead.moved", { ...SAMPLES["lead.moved"], version: 6 });
    expect(planLiveEvent(board(), later, context())).toEqual({
      kind: "refresh",
      leadId: "l-1",
      eventId: 100,
      move: { type: "remote-move", leadId: "l-1", toStageId: "s-2", afterLeadId: null, position: "b0", version: 6, note: "board.note.moved:Ana" },
    });
  });

  it("recognizes a version the board already shows (the echo of its own move)", () => {
    const echo = event("lead.moved", { ...SAMPLES["lead.moved"], version: 3 }, 7);
    expect(planLiveEvent(board(), echo, context())).toEqual({ kind: "seen", leadId: "l-1", eventId: 7 });
    const edit = event("lead.updated", { ...SAMPLES["lead.updated"], version: 2 }, 8);
    expect(planLiveEvent(board(), edit, context())).toEqual({ kind: "seen", leadId: "l-1", eventId: 8 });
  });

  it("moves nothing under the pointer during a drag: the card is asked for instead", () => {
    expect(planLiveEvent(board(), event("lead.moved"), context({ dragging: true }))).toEqual({
      kind: "refresh",
      leadId: "l-1",
      eventId: 100,
      note: "board.note.moved:Ana",
    });
  });

  it("asks for a moved card the board has not loaded when the event does not carry it (a replay)", () => {
    const elsewhere = event("lead.moved", { ...SAMPLES["lead.moved"], leadId: "l-unloaded" });
    expect(planLiveEvent(board(), elsewhere, context())).toEqual({ kind: "refresh", leadId: "l-unloaded", eventId: 100, note: "board.note.moved:Ana" });
  });

  it("writes no note about the reader's own changes or a deletion", () => {
    const mine = event("lead.updated", { ...SAMPLES["lead.updated"], actor: { id: ME, name: "Me" } });
    expect(planLiveEvent(board(), mine, context())).toEqual({ kind: "refresh", leadId: "l-1", eventId: 100, note: undefined });
    expect(planLiveEvent(board(), event("lead.deleted"), context())).toEqual({ kind: "refresh", leadId: "l-2", eventId: 100, note: undefined });
  });

  it("always checks a created lead, even one the board already shows", () => {
    const created = event("lead.created", { ...SAMPLES["lead.created"], leadId: "l-1", version: 1 });
    expect(planLiveEvent(board(), created, context())).toMatchObject({ kind: "refresh", leadId: "l-1", note: "board.note.created:Ana" });
  });

  describe("a live move of a card the board does not hold", () => {
    const carried = (over: Partial<BoardCard> = {}): BoardCard => ({
      id: "l-far",
      version: 8,
      stageId: "s-2",
      position: "a5",
      fullName: "Bruno Lima",
      company: null,
      estimatedValue: "1500.00",
      source: "whatsapp",
      priority: "high",
      tags: ["quente"],
      assignee: { id: "u-ana", fullName: "Ana Souza" },
      lastContactAt: null,
      lastContactChannel: null,
      lastInboundAt: null,
      unreadCount: 0,
      aiSentiment: null,
      aiSummaryAt: null,
      ...over,
    });
    /** s-1 holds two cards and more pages; s-2 is fully loaded. */
    function paged(): ReturnType<typeof initBoard> {
      const state = board();
      return { ...state, columns: state.columns.map((column) => (column.id === "s-1" ? { ...column, count: 40, totalValue: "9000.00", nextCursor: "a1" } : column)) };
    }
    const moved = (card: BoardCard) => event("lead.moved", { ...SAMPLES["lead.moved"], leadId: card.id, toStageId: card.stageId, version: card.version, position: card.position, card });

    it("places it from the event and shifts both totals, asking for nothing", () => {
      const state = paged();
      const plan = planLiveEvent(state, moved(carried()), context());
      expect(plan).toEqual({
        kind: "arrival",
        leadId: "l-far",
        eventId: 100,
        arrival: { type: "remote-arrival", card: carried(), fromStageId: "s-1", note: "board.note.moved:Ana" },
      });
      if (plan.kind !== "arrival") return;
      const after = boardReducer(state, plan.arrival);
      const [from, to] = after.columns;
      expect([from.count, from.totalValue, to.count, to.totalValue, to.ids]).toEqual([39, "7500.00", 1, "1500.00", ["l-far"]]);
      expect(after.notes["l-far"]?.text).toBe("board.note.moved:Ana");
    });

    it("counts it but leaves it out when it sorts into a page not loaded yet", () => {
      const state = paged();
      const plan = planLiveEvent(state, moved(carried({ stageId: "s-1", position: "b9" })), context());
      if (plan.kind !== "arrival") throw new Error(`expected an arrival, got ${plan.kind}`);
      const after = boardReducer(state, { ...plan.arrival, fromStageId: "s-2" });
      expect(after.columns[0]).toMatchObject({ count: 41, totalValue: "10500.00", ids: ["l-1", "l-2"] });
      expect(after.cards["l-far"]).toBeUndefined();
    });

    it("ignores it when the board's filters do not select it", () => {
      const plan = planLiveEvent(paged(), moved(carried()), context({ filters: new URLSearchParams("priority=low") }));
      expect(plan).toEqual({ kind: "seen", leadId: "l-far", eventId: 100 });
    });

    it("decides a text search from the e-mail and phone the event carries beside the card", () => {
      const search = context({ filters: new URLSearchParams("q=91234") });
      const withFields = (phone: string) =>
        event("lead.moved", { ...SAMPLES["lead.moved"], leadId: "l-far", version: 8, card: carried(), search: { email: null, phone } });
      expect(planLiveEvent(paged(), withFields("+5511912345678"), search).kind).toBe("arrival");
      expect(planLiveEvent(paged(), withFields("+5511955554444"), search).kind).toBe("seen");
    });

    it("without them, ignores it when its old column is fully loaded without it, and asks otherwise", () => {
      const search = context({ filters: new URLSearchParams("q=lima") });
      const fromLoaded = event("lead.moved", { ...SAMPLES["lead.moved"], leadId: "l-far", fromStageId: "s-2", toStageId: "s-1", version: 8, card: carried({ stageId: "s-1" }) });
      expect(planLiveEvent(paged(), fromLoaded, search)).toEqual({ kind: "seen", leadId: "l-far", eventId: 100 });
      // Unless an answer about that card is on its way: it may predate the move and bring the card back.
      const asking = context({ filters: new URLSearchParams("q=lima"), asking: (leadId) => leadId === "l-far" });
      expect(planLiveEvent(paged(), fromLoaded, asking).kind).toBe("refresh");
      expect(planLiveEvent(paged(), moved(carried()), search)).toEqual({ kind: "refresh", leadId: "l-far", eventId: 100, note: "board.note.moved:Ana" });
    });

    it("leaves a card with a move of its own on the way to the server to that move's answer", () => {
      const state = { ...paged(), pending: { "l-far": 7 } };
      expect(planLiveEvent(state, moved(carried()), context()).kind).not.toBe("arrival");
      expect(boardReducer(state, { type: "remote-arrival", card: carried(), fromStageId: "s-1" })).toBe(state);
    });
  });
});
