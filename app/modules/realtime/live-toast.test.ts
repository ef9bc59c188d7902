import { describe, expect, it } from "vitest";
import type { CallData, CommittedEvent } from "./events";
import { liveToastOf } from "./live-toast";

const at = "2026-11-29T12:00:00.000Z";
const call = (over: Partial<CallData>): CommittedEvent => ({
  type: "call.updated",
  id: 7,
  at,
  data: { callId: "c-1", leadId: "l-1", direction: "inbound", status: "no-answer", durationSeconds: 0, recording: false, ended: true, assigneeId: "u-me", actor: null, ...over },
});

describe("liveToastOf", () => {
  it("taps the assignee for a new inbound message, with its preview", () => {
    const message: CommittedEvent = {
      type: "message.created",
      id: 3,
      at,
      data: { messageId: "m", leadId: "l", channel: "whatsapp", direction: "inbound", status: "received", preview: "Oi", assigneeId: "u-me", actor: null },
    };
    expect(liveToastOf(message, "u-me")).toEqual({ key: "timeline.toast.newMessage", preview: "Oi" });
    expect(liveToastOf(message, "u-other")).toBeNull();
  });

  it("taps the assignee once for a missed inbound call: on the event that ended it", () => {
    expect(liveToastOf(call({}), "u-me")).toEqual({ key: "timeline.toast.missedCall", preview: "" });
    expect(liveToastOf(call({ ended: false, recording: true }), "u-me")).toBeNull();
    expect(liveToastOf(call({ status: "completed" }), "u-me")).toBeNull();
    expect(liveToastOf(call({ direction: "outbound" }), "u-me")).toBeNull();
    expect(liveToastOf(call({}), "u-other")).toBeNull();
    expect(liveToastOf(call({ assigneeId: null }), "u-me")).toBeNull();
  });
});
