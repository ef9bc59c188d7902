import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { resetEnv } from "~/utils/env.server";

export interface TestClock {
  /** The file to hand a worker or web process started as a child (`CLOCK_FILE`). */
  readonly file: string;
  /** Moves the app's clock this far from real time (negative: the past); 0 is real time. */
  setOffset(offsetMs: number): void;
  /** Moves the app's clock forward by this much from where it is. */
  advance(ms: number): void;
  /** The app's time now. */
  now(): Date;
}

const DAY_MS = 86_400_000;
export const days = (count: number) => count * DAY_MS;

/**
 * A movable clock for a test file: the app's `now()` (web and worker, in this
 * process and in any child given `file`) reads it. Starts at real time.
 */
export function useTestClock(): TestClock {
  const dir = mkdtempSync(path.join(tmpdir(), "loved-clock-"));
  const file = path.join(dir, "clock.json");
  const saved = process.env.CLOCK_FILE;
  let offsetMs = 0;
  const write = () => writeFileSync(file, JSON.stringify({ offsetMs }));
  write();
  beforeAll(() => {
    process.env.CLOCK_FILE = file;
    resetEnv();
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.CLOCK_FILE;
    else process.env.CLOCK_FILE = saved;
    resetEnv();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    file,
    setOffset(next) {
      offsetMs = next;
      write();
    },
    advance(ms) {
      offsetMs += ms;
      write();
    },
    now: () => new Date(Date.now() + offsetMs),
  };
}
