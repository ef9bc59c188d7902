import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { now } from "./clock.server";
import { getEnv, resetEnv } from "./env.server";

describe("now", () => {
  const saved = process.env.CLOCK_FILE;
  const dir = mkdtempSync(path.join(tmpdir(), "clock-test-"));
  afterEach(() => {
    if (saved === undefined) delete process.env.CLOCK_FILE;
    else process.env.CLOCK_FILE = saved;
    resetEnv();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function useFile(content: string, name = "clock.json") {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    process.env.CLOCK_FILE = file;
    resetEnv();
    return file;
  }

  it("is the real time without a clock file", () => {
    delete process.env.CLOCK_FILE;
    resetEnv();
    const before = Date.now();
    const read = now().getTime();
    expect(read).toBeGreaterThanOrEqual(before);
    expect(read).toBeLessThanOrEqual(Date.now());
  });

  it("moves by the file's offset, and follows the file when it changes", () => {
    const file = useFile(JSON.stringify({ offsetMs: 10 * 86_400_000 }));
    expect(now().getTime() - Date.now()).toBeGreaterThan(10 * 86_400_000 - 1_000);
    writeFileSync(file, JSON.stringify({ offsetMs: -86_400_000 }));
    utimesSync(file, new Date(), new Date(Date.now() + 5_000)); // a new mtime even within the filesystem's resolution
    expect(Date.now() - now().getTime()).toBeGreaterThan(86_400_000 - 1_000);
  });

  it("is the real time while the file does not exist yet", () => {
    process.env.CLOCK_FILE = path.join(dir, "missing.json");
    resetEnv();
    expect(Math.abs(now().getTime() - Date.now())).toBeLessThan(1_000);
  });

  it("refuses a file that does not hold an offset", () => {
    useFile(JSON.stringify({ at: "tomorrow" }), "bad.json");
    expect(() => now()).toThrow(/does not hold/);
  });

  it("cannot be moved in production", () => {
    useFile(JSON.stringify({ offsetMs: 0 }), "prod.json");
    const env = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    resetEnv();
    try {
      expect(() => getEnv()).toThrow(/CLOCK_FILE/);
    } finally {
      process.env.NODE_ENV = env;
      resetEnv();
    }
  });
});
