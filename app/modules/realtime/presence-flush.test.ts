import { describe, expect, it } from "vitest";
import { PresenceFlushSchedule } from "./presence-flush";

const DELAYS = { viewersMs: 1_000, dragMs: 50 };

/** Runs the schedule the way the presence tracker does; returns when snapshots went out. */
function simulate(changes: { at: number; change: "viewers" | "drag" }[], until: number) {
  const schedule = new PresenceFlushSchedule(DELAYS);
  const flushes: number[] = [];
  let due: number | null = null;
  const pending = [...changes];
  for (let now = 0; now <= until; now++) {
    while (pending[0]?.at === now) {
      const next = schedule.changed(pending.shift()!.change, now);
      if (next !== null) due = next;
    }
    if (due !== null && due <= now) {
      schedule.flushed(now);
      flushes.push(now);
      due = null;
    }
  }
  return flushes;
}

describe("PresenceFlushSchedule", () => {
  it("sends a lone join at once", () => {
    const schedule = new PresenceFlushSchedule(DELAYS);
    expect(schedule.changed("viewers", 5_000)).toBe(5_000);
  });

  it("turns 500 joins within 15 s into at most one snapshot a second, the last join included", () => {
    const joins = Array.from({ length: 500 }, (_, i) => ({ at: 1 + Math.floor((i * 15_000) / 500), change: "viewers" as const }));
    const flushes = simulate(joins, 20_000);
    expect(flushes.length).toBeLessThanOrEqual(17);
    for (let i = 1; i < flushes.length; i++) expect(flushes[i] - flushes[i - 1]).toBeGreaterThanOrEqual(1_000);
    expect(flushes.at(-1)).toBeGreaterThanOrEqual(joins.at(-1)!.at);
  });

  it("sends a drag change within the drag delay even right after a viewer snapshot", () => {
    const flushes = simulate(
      [
        { at: 0, change: "viewers" },
        { at: 10, change: "viewers" },
        { at: 20, change: "drag" },
      ],
      2_000,
    );
    expect(flushes).toEqual([0, 70]);
  });

  it("keeps the earlier due time when a later one is asked for", () => {
    const schedule = new PresenceFlushSchedule(DELAYS);
    schedule.flushed(0);
    expect(schedule.changed("drag", 100)).toBe(150);
    expect(schedule.changed("viewers", 120)).toBeNull();
    expect(schedule.changed("drag", 130)).toBeNull();
    schedule.flushed(150);
    expect(schedule.changed("viewers", 160)).toBe(1_150);
    expect(schedule.changed("drag", 170)).toBe(220);
  });
});
