import type { CommittedEvent } from "./events";

export interface LiveToast {
  key: "timeline.toast.newMessage" | "timeline.toast.missedCall";
  /** The message's first words (never kept in the event log); empty for a call. */
  preview: string;
}

/**
 * The tap on the shoulder an event is for the reader: a new inbound message
 * or a missed inbound call on a lead assigned to them. Null for anything else.
 */
export function liveToastOf(message: CommittedEvent, meId: string): LiveToast | null {
  if (message.type === "message.created") {
    const { direction, assigneeId, preview } = message.data;
    return direction === "inbound" && assigneeId !== null && assigneeId === meId ? { key: "timeline.toast.newMessage", preview: preview ?? "" } : null;
  }
  if (message.type === "call.updated") {
    const { direction, assigneeId, ended, status } = message.data;
    const missed = direction === "inbound" && ended && status !== "completed";
    return missed && assigneeId !== null && assigneeId === meId ? { key: "timeline.toast.missedCall", preview: "" } : null;
  }
  return null;
}
