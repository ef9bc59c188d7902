import { describe, expect, it } from "vitest";
import { DEFAULT_RETENTION_DAYS, expiresBefore, isAllowedRetention, RETENTION_KINDS, RETENTION_LIMITS, splitDays } from "./retention";

describe("retention policy", () => {
  it("has the plan's defaults and minimums for each kind", () => {
    expect(DEFAULT_RETENTION_DAYS).toEqual({ communications: 2557, media: 2557, ai: 1096, inbox: 30, audit: 1826 });
    expect(RETENTION_KINDS.map((kind) => RETENTION_LIMITS[kind].minDays)).toEqual([30, 30, 30, 7, 30]);
  });

  it("allows whole days from the minimum up to the default, nothing outside", () => {
    for (const kind of RETENTION_KINDS) {
      const { minDays, defaultDays } = RETENTION_LIMITS[kind];
      expect(isAllowedRetention(kind, minDays), kind).toBe(true);
      expect(isAllowedRetention(kind, defaultDays), kind).toBe(true);
      expect(isAllowedRetention(kind, minDays - 1), kind).toBe(false);
      expect(isAllowedRetention(kind, defaultDays + 1), kind).toBe(false);
      expect(isAllowedRetention(kind, minDays + 0.5), kind).toBe(false);
      expect(isAllowedRetention(kind, Number.NaN), kind).toBe(false);
    }
  });

  it("puts the cutoff exactly that many 24-hour days before now", () => {
    const now = new Date("2026-03-10T12:00:00.000Z");
    expect(expiresBefore("inbox", 30, now).toISOString()).toBe("2026-02-08T12:00:00.000Z");
    expect(expiresBefore("inbox", 7, now).toISOString()).toBe("2026-03-03T12:00:00.000Z");
    // Seven years back crosses leap days: 2557 days is not seven calendar years to the day here.
    expect(expiresBefore("communications", 2557, now).toISOString()).toBe("2019-03-10T12:00:00.000Z");
    // A daylight-saving change in the server's zone does not move the cutoff.
    expect(now.getTime() - expiresBefore("audit", 1826, now).getTime()).toBe(1826 * 86_400_000);
  });

  it("does not read the clock itself: the same now gives the same cutoff", () => {
    const now = new Date("2030-01-01T00:00:00.000Z");
    expect(expiresBefore("ai", 365, now)).toEqual(expiresBefore("ai", 365, new Date(now)));
  });

  it("refuses a period the policy does not allow instead of computing a cutoff", () => {
    const now = new Date();
    expect(() => expiresBefore("inbox", 6, now)).toThrow(RangeError);
    expect(() => expiresBefore("ai", 1097, now)).toThrow(RangeError);
    expect(() => expiresBefore("media", 45.5, now)).toThrow(RangeError);
  });

  it("splits days into approximate years, months and days", () => {
    expect(splitDays(2557)).toEqual({ years: 7, months: 0, days: 2 });
    expect(splitDays(1096)).toEqual({ years: 3, months: 0, days: 1 });
    expect(splitDays(30)).toEqual({ years: 0, months: 1, days: 0 });
    expect(splitDays(400)).toEqual({ years: 1, months: 1, days: 5 });
    expect(splitDays(7)).toEqual({ years: 0, months: 0, days: 7 });
  });
});
