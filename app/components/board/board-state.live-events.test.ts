import { describe, expect, it } from "vitest";
import type { BoardCard, BoardData } from "~/lib/board-client";
import { EVENT_TYPES, type EventData, type EventType, type StreamMessage } from "~/modules/realtime/events";
import { initBoard, planLiveEvent, type LiveContext, type LivePlan } from "./board-state";

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

  it("asks for a moved card the board has not loaded", () => {
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
});
