export interface RestartPolicy {
  /** Wait before the first restart; doubles with each further crash in the window. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Crashes tolerated within `windowMs`; one more stops everything. */
  maxCrashes: number;
  windowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxCrashes: 5,
  windowMs: 2 * 60_000,
};

export type RestartDecision = { restart: true; delayMs: number; crashesInWindow: number } | { restart: false; crashesInWindow: number };

/**
 * What to do after a role crashed at `now`, given its earlier crash times:
 * restart with exponential backoff, or give up when it keeps crashing (a
 * broken configuration would otherwise loop forever and hide the error).
 */
export function decideRestart(crashTimes: readonly number[], now: number, policy: RestartPolicy = DEFAULT_RESTART_POLICY): RestartDecision {
  const crashesInWindow = crashTimes.filter((time) => now - time < policy.windowMs).length;
  if (crashesInWindow > policy.maxCrashes) return { restart: false, crashesInWindow };
  const delayMs = Math.min(policy.initialDelayMs * 2 ** Math.max(0, crashesInWindow - 1), policy.maxDelayMs);
  return { restart: true, delayMs, crashesInWindow };
}
