import { describe, expect, it } from "vitest";
import { hasNewSummary } from "./summary-marker";

describe("hasNewSummary", () => {
  const summaryAt = "2026-11-29T12:00:00.000Z";

  it("marks a summary newer than the reader's last visit", () => {
    expect(hasNewSummary(summaryAt, "2026-11-29T11:59:59.999Z")).toBe(true);
  });

  it("does not mark one the reader has seen since", () => {
    expect(hasNewSummary(summaryAt, "2026-11-29T12:00:00.000Z")).toBe(false);
    expect(hasNewSummary(summaryAt, "2026-11-30T08:00:00.000Z")).toBe(false);
  });

  it("marks every summary of a lead the reader never opened, and nothing without a summary", () => {
    expect(hasNewSummary(summaryAt, undefined)).toBe(true);
    expect(hasNewSummary(null, undefined)).toBe(false);
    expect(hasNewSummary(null, "2026-11-29T11:00:00.000Z")).toBe(false);
  });
});
