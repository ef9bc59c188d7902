import { readFileSync, statSync } from "node:fs";
import { getEnv } from "./env.server";

interface Reading {
  file: string;
  mtimeMs: number;
  size: number;
  offsetMs: number;
}

// On globalThis: the Remix server bundle and code run from source are separate module copies in one process.
const cache = globalThis as typeof globalThis & { __lovedClock?: Reading };

function offsetFrom(file: string) {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return 0; // No file yet: the real time.
  }
  const cached = cache.__lovedClock;
  if (cached && cached.file === file && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.offsetMs;
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  const offsetMs = typeof parsed === "object" && parsed && "offsetMs" in parsed ? Number(parsed.offsetMs) : NaN;
  if (!Number.isFinite(offsetMs)) throw new Error(`CLOCK_FILE ${file} does not hold {"offsetMs": <number>}`);
  cache.__lovedClock = { file, mtimeMs: stat.mtimeMs, size: stat.size, offsetMs };
  return offsetMs;
}

/**
 * The time as the app's periods see it: retention cutoffs, due dates of
 * data-subject requests, an organization's grace period. Real time, unless
 * the tests moved it (CLOCK_FILE, read by web and worker alike). Database
 * defaults and `now()` in SQL do not follow it, so code that measures these
 * periods passes this time to SQL as a parameter.
 */
export function now(): Date {
  const file = getEnv().CLOCK_FILE;
  return new Date(Date.now() + (file ? offsetFrom(file) : 0));
}
