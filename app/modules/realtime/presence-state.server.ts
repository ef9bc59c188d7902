import type { PresenceSnapshot } from "./events";

/**
 * Presence operations, carried on the organization's bus channel as messages
 * with id null. Every web process applies the same operations in the bus's
 * order (Redis and NOTIFY both give all subscribers one order), so they agree
 * on who holds a card without any shared store; entries expire unless renewed.
 */
export type PresenceOp =
  /** These users have a stream open on that process (join, and the periodic renewal). */
  | { op: "viewers"; processId: string; users: { userId: string; fullName: string }[] }
  | { op: "leave"; processId: string; userId: string }
  /** A process started following the organization: the others announce what they hold. */
  | { op: "hello"; processId: string }
  /** A claim: granted unless someone else holds a live lock on the card. */
  | { op: "drag"; processId: string; leadId: string; userId: string; fullName: string; nonce: string }
  | { op: "drop"; leadId: string; userId: string };

export interface PresenceTtls {
  viewerTtlMs: number;
  dragTtlMs: number;
}

interface Viewer {
  fullName: string;
  /** Expiry per process holding a stream of this user. */
  holders: Map<string, number>;
}

interface Drag {
  userId: string;
  fullName: string;
  expiresAt: number;
}

/** Which part of the snapshot an operation changed: streams hear of drags sooner than of viewers. */
export type PresenceChange = "viewers" | "drag" | null;

/**
 * One organization's presence as every process agrees on it. Pure: no I/O,
 * no timers; the caller passes the time.
 */
export class PresenceState {
  private readonly viewers = new Map<string, Viewer>();
  private readonly drags = new Map<string, Drag>();
  /** Goes up with every change, so an encoded snapshot can be reused until the next one. */
  version = 0;

  constructor(private readonly ttls: PresenceTtls) {}

  /** Applies one operation; says what changed and, for a claim, who holds the card now. */
  apply(op: PresenceOp, now: number): { changed: PresenceChange; holder?: Drag } {
    const result = this.applyOp(op, now);
    if (result.changed) this.version++;
    return result;
  }

  private applyOp(op: PresenceOp, now: number): { changed: PresenceChange; holder?: Drag } {
    switch (op.op) {
      case "viewers": {
        let changed: PresenceChange = null;
        for (const user of op.users) {
          let viewer = this.viewers.get(user.userId);
          if (!viewer) {
            viewer = { fullName: user.fullName, holders: new Map() };
            this.viewers.set(user.userId, viewer);
            changed = "viewers";
          } else if (viewer.fullName !== user.fullName) {
            viewer.fullName = user.fullName;
            changed = "viewers";
          }
          viewer.holders.set(op.processId, now + this.ttls.viewerTtlMs);
        }
        return { changed };
      }
      case "leave": {
        const viewer = this.viewers.get(op.userId);
        if (!viewer?.holders.delete(op.processId) || viewer.holders.size > 0) return { changed: null };
        this.viewers.delete(op.userId);
        return { changed: "viewers" };
      }
      case "hello":
        return { changed: null };
      case "drag": {
        const current = this.drags.get(op.leadId);
        if (current && current.userId !== op.userId && current.expiresAt > now) return { changed: null, holder: current };
        const holder = { userId: op.userId, fullName: op.fullName, expiresAt: now + this.ttls.dragTtlMs };
        this.drags.set(op.leadId, holder);
        return { changed: current?.userId !== op.userId ? "drag" : null, holder };
      }
      case "drop": {
        if (this.drags.get(op.leadId)?.userId !== op.userId) return { changed: null };
        this.drags.delete(op.leadId);
        return { changed: "drag" };
      }
    }
  }

  /** Drops what was not renewed in time (a process or a dragging client vanished). */
  expire(now: number): boolean {
    let changed = false;
    for (const [userId, viewer] of this.viewers) {
      for (const [processId, expiresAt] of viewer.holders) if (expiresAt <= now) viewer.holders.delete(processId);
      if (viewer.holders.size === 0) {
        this.viewers.delete(userId);
        changed = true;
      }
    }
    for (const [leadId, drag] of this.drags) {
      if (drag.expiresAt <= now) {
        this.drags.delete(leadId);
        changed = true;
      }
    }
    if (changed) this.version++;
    return changed;
  }

  holderOf(leadId: string, now: number): Drag | null {
    const drag = this.drags.get(leadId);
    return drag && drag.expiresAt > now ? drag : null;
  }

  /**
   * The first `viewerLimit` viewers (earliest first, so avatars do not jump
   * around) and how many there are: every stream of a 500-person organization
   * gets each snapshot, and the board shows a handful of faces.
   */
  snapshot(viewerLimit: number): PresenceSnapshot {
    const viewers: PresenceSnapshot["viewers"] = [];
    for (const [userId, viewer] of this.viewers) {
      if (viewers.length >= viewerLimit) break;
      viewers.push({ userId, fullName: viewer.fullName });
    }
    return {
      viewers,
      viewerCount: this.viewers.size,
      dragging: [...this.drags].map(([leadId, drag]) => ({ leadId, userId: drag.userId, fullName: drag.fullName })),
    };
  }
}
