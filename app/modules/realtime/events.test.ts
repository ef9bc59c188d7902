import { describe, expect, expectTypeOf, it } from "vitest";
import { EVENT_TYPES, isEventType, parseStreamMessage, STREAM_MESSAGE_TYPES, type EventType, type RealtimeEvent, type RealtimeMessage } from "./events";
import { eventFrame, presenceFrame, resyncFrame } from "./sse-frames.server";

/** The `event:` name and `data:` line of one encoded frame, as EventSource hands them over. */
function decode(frame: Uint8Array) {
  const text = new TextDecoder().decode(frame);
  const field = (name: string) => text.split("\n").find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2) ?? "";
  return parseStreamMessage(field("event"), field("data"));
}

const actor = { id: "u-1", name: "Ana Souza" };

describe("realtime event contract", () => {
  it("lists every event type once, and only those", () => {
    expectTypeOf<(typeof EVENT_TYPES)[number]>().toEqualTypeOf<EventType>();
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
    for (const type of EVENT_TYPES) expect(isEventType(type)).toBe(true);
    expect(isEventType("lead.archived")).toBe(false);
    expect(isEventType("toString")).toBe(false);
    expect(STREAM_MESSAGE_TYPES).toEqual([...EVENT_TYPES, "presence", "resync"]);
  });

  it("refuses, at compile time, an event whose data does not match its type", () => {
    const moved: RealtimeEvent = {
      type: "lead.moved",
      data: { leadId: "l-1", fromStageId: "s-1", toStageId: "s-2", afterLeadId: null, version: 2, position: "a0" },
      actor,
    };
    // @ts-expect-error a move names the stage it went to
    const missing: RealtimeEvent = { type: "lead.moved", data: { leadId: "l-1" }, actor: null };
    // @ts-expect-error a removed member is named by id only
    const extra: RealtimeEvent = { type: "member.removed", data: { userId: "u-2", email: "x@y.test" }, actor: null };
    // @ts-expect-error no such event type
    const unknown: RealtimeEvent = { type: "lead.archived", data: { leadId: "l-1" }, actor: null };
    expect([moved, missing, extra, unknown]).toHaveLength(4);
  });

  it("reads back a committed event as the server frames it, data and actor typed by its type", () => {
    const message: RealtimeMessage = {
      organizationId: "o-1",
      id: 42,
      type: "lead.moved",
      data: { leadId: "l-1", fromStageId: "s-1", toStageId: "s-2", afterLeadId: "l-0", version: 3, position: "a1", actor },
      at: "2026-11-29T12:00:00.000Z",
    };
    const parsed = decode(eventFrame(message));
    expect(parsed).toEqual({ type: "lead.moved", id: 42, at: message.at, data: message.data });
    if (parsed?.type !== "lead.moved") throw new Error("not a move");
    expectTypeOf(parsed.data.toStageId).toEqualTypeOf<string>();
  });

  it("reads presence snapshots and resync signals, which carry no id", () => {
    const snapshot = { viewers: [{ userId: "u-1", fullName: "Ana Souza" }], viewerCount: 1, dragging: [{ leadId: "l-1", userId: "u-1", fullName: "Ana Souza" }] };
    expect(decode(presenceFrame(snapshot))).toMatchObject({ type: "presence", id: null, data: snapshot });
    expect(decode(resyncFrame("gap"))).toMatchObject({ type: "resync", id: null, data: { reason: "gap" } });
  });

  it("ignores unknown types, unreadable data and events without an id", () => {
    expect(parseStreamMessage("message", "{}")).toBeNull();
    expect(parseStreamMessage("lead.archived", JSON.stringify({ id: 1, leadId: "l-1" }))).toBeNull();
    expect(parseStreamMessage("lead.deleted", "{not json")).toBeNull();
    expect(parseStreamMessage("lead.deleted", "null")).toBeNull();
    expect(parseStreamMessage("lead.deleted", JSON.stringify({ leadId: "l-1", stageId: "s-1" }))).toBeNull();
  });
});
