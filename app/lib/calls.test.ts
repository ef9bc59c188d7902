import { describe, expect, it } from "vitest";
import { advanceCallStatus, isFinalCallStatus, shownTranscript } from "./calls";

describe("advanceCallStatus", () => {
  it("moves forward through the live statuses", () => {
    expect(advanceCallStatus("queued", "initiated")).toBe("initiated");
    expect(advanceCallStatus("initiated", "ringing")).toBe("ringing");
    expect(advanceCallStatus("ringing", "in-progress")).toBe("in-progress");
    expect(advanceCallStatus("in-progress", "completed")).toBe("completed");
    expect(advanceCallStatus("queued", "in-progress")).toBe("in-progress");
  });

  it("never moves backwards or repeats", () => {
    expect(advanceCallStatus("in-progress", "ringing")).toBeNull();
    expect(advanceCallStatus("ringing", "ringing")).toBeNull();
    expect(advanceCallStatus("ringing", "queued")).toBeNull();
  });

  it("keeps the first final status", () => {
    expect(advanceCallStatus("completed", "failed")).toBeNull();
    expect(advanceCallStatus("busy", "completed")).toBeNull();
    expect(advanceCallStatus("no-answer", "in-progress")).toBeNull();
    expect(advanceCallStatus("queued", "busy")).toBe("busy");
  });

  it("knows the final statuses", () => {
    expect(["completed", "busy", "no-answer", "failed", "canceled"].every(isFinalCallStatus)).toBe(true);
    expect(["queued", "initiated", "ringing", "in-progress", "nonsense"].some(isFinalCallStatus)).toBe(false);
  });
});

describe("shownTranscript", () => {
  const stored = { state: "stored" as const, fileId: "f", durationSeconds: 12 };

  it("shows a transcript in any state as it is", () => {
    for (const state of ["pending", "failed", "unavailable"] as const) {
      expect(shownTranscript({ recording: stored, transcript: { state, text: null } })).toEqual({ state, text: null });
    }
    expect(shownTranscript({ recording: stored, transcript: { state: "done", text: "Olá" } })).toEqual({ state: "done", text: "Olá" });
  });

  it("calls a stored recording without a transcript, or with an empty one, unavailable", () => {
    expect(shownTranscript({ recording: stored, transcript: null })).toEqual({ state: "unavailable", text: null });
    expect(shownTranscript({ recording: stored, transcript: { state: "done", text: "  " } })).toEqual({ state: "unavailable", text: null });
  });

  it("says nothing about a call whose recording is not stored and never was transcribed", () => {
    expect(shownTranscript({ recording: null, transcript: null })).toBeNull();
    expect(shownTranscript({ recording: { state: "pending", fileId: null, durationSeconds: null }, transcript: null })).toBeNull();
  });
});
