import { describe, expect, it } from "vitest";
import { decideRestart, type RestartPolicy } from "./restart-policy";

const policy: RestartPolicy = { initialDelayMs: 1_000, maxDelayMs: 8_000, maxCrashes: 5, windowMs: 120_000 };

describe("decideRestart", () => {
  it("restarts a first crash after the initial delay", () => {
    expect(decideRestart([10_000], 10_000, policy)).toEqual({ restart: true, delayMs: 1_000, crashesInWindow: 1 });
  });

  it("doubles the delay with each crash in the window, up to the cap", () => {
    const delays = [1, 2, 3, 4, 5].map((count) => {
      const crashes = Array.from({ length: count }, (_, index) => index * 1_000);
      const decision = decideRestart(crashes, crashes[crashes.length - 1], policy);
      return decision.restart ? decision.delayMs : null;
    });
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
  });

  it("gives up when a role crashes more often than the window allows", () => {
    const crashes = [0, 1_000, 2_000, 3_000, 4_000, 5_000];
    expect(decideRestart(crashes, 5_000, policy)).toEqual({ restart: false, crashesInWindow: 6 });
  });

  it("forgets crashes older than the window, so a role that ran well starts over at the initial delay", () => {
    const crashes = [0, 1_000, 2_000, 3_000, 4_000, 300_000];
    expect(decideRestart(crashes, 300_000, policy)).toEqual({ restart: true, delayMs: 1_000, crashesInWindow: 1 });
  });
});
