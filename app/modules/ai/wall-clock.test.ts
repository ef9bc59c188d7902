import { describe, expect, it } from "vitest";
import { wallClockAsUtc } from "./wall-clock";

describe("wallClockAsUtc", () => {
  it("reads São Paulo's own day and time: 22:00 there is still that day, though UTC is past midnight", () => {
    const at = new Date("2026-11-30T01:00:00Z"); // 22:00 on the 29th in São Paulo (UTC−3)
    expect(wallClockAsUtc(at, "America/Sao_Paulo").toISOString()).toBe("2026-11-29T22:00:00.000Z");
  });

  it("is the identity in UTC", () => {
    const at = new Date("2026-06-15T12:34:56Z");
    expect(wallClockAsUtc(at, "UTC").toISOString()).toBe("2026-06-15T12:34:56.000Z");
  });
});
