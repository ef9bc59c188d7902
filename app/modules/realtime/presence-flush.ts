import type { PresenceChange } from "./presence-state.server";

export interface PresenceFlushDelays {
  /** Joins, leaves and expiries: at most one snapshot per this period. */
  viewersMs: number;
  /** A drag starting or ending goes out within this, so the lock shows while it matters. */
  dragMs: number;
}

/**
 * When an organization's next presence snapshot goes to its streams. Every
 * snapshot reaches every stream, so when 500 people open the board within
 * seconds, their joins must cost a few snapshots, not 500: viewer changes go
 * out at once after a quiet period and then at most once per `viewersMs`,
 * the last change of a burst included. Drag changes wait at most `dragMs`.
 * Pure: the caller passes the time and runs the timer.
 */
export class PresenceFlushSchedule {
  private dueAt: number | null = null;
  private flushedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly delays: PresenceFlushDelays) {}

  /** Notes a change. Returns when the flush is due if that is sooner than before (arm the timer for it), else null. */
  changed(change: Exclude<PresenceChange, null>, now: number): number | null {
    const due = change === "drag" ? now + this.delays.dragMs : Math.max(now, this.flushedAt + this.delays.viewersMs);
    if (this.dueAt !== null && this.dueAt <= due) return null;
    this.dueAt = due;
    return due;
  }

  /** The snapshot went out. */
  flushed(now: number) {
    this.flushedAt = now;
    this.dueAt = null;
  }
}
