import { describe, expect, it } from "vitest";
import { advanceCallStatus, isFinalCallStatus } from "./calls";

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
