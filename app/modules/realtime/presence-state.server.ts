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

export class PresenceState {
  private readonly viewers = new Map<string, Viewer>();
  private readonly drags = new Map<string, Drag>();

  constructor(private readonly ttls: PresenceTtls) {}

  /** Applies one operation; says whether the snapshot changed and, for a claim, who holds the card now. */
  apply(op: PresenceOp, now: number): { changed: boolean; holder?: Drag } {
    switch (op.op) {
      case "viewers": {
        let changed = false;
        for (const user of op.users) {
          let viewer = this.viewers.get(user.userId);
          if (!viewer) {
            viewer = { fullName: user.fullName, holders: new Map() };
            this.viewers.set(user.userId, viewer);
            changed = true;
          } else if (viewer.fullName !== user.fullName) {
            viewer.fullName = user.fullName;
            changed = true;
          }
          viewer.holders.set(op.processId, now + this.ttls.viewerTtlMs);
        }
        return { changed };
      }
      case "leave": {
        const viewer = this.viewers.get(op.userId);
        if (!viewer?.holders.delete(op.processId) || viewer.holders.size > 0) return { changed: false };
        this.viewers.delete(op.userId);
        return { changed: true };
      }
      case "hello":
        return { changed: false };
      case "drag": {
        const current = this.drags.get(op.leadId);
        if (current && current.userId !== op.userId && current.expiresAt > now) return { changed: false, holder: current };
        const holder = { userId: op.userId, fullName: op.fullName, expiresAt: now + this.ttls.dragTtlMs };
        this.drags.set(op.leadId, holder);
        return { changed: current?.userId !== op.userId, holder };
      }
      case "drop": {
        if (this.drags.get(op.leadId)?.userId !== op.userId) return { changed: false };
        this.drags.delete(op.leadId);
        return { changed: true };
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
    return changed;
  }

  holderOf(leadId: string, now: number): Drag | null {
    const drag = this.drags.get(leadId);
    return drag && drag.expiresAt > now ? drag : null;
  }

  snapshot(): PresenceSnapshot {
    return {
      viewers: [...this.viewers].map(([userId, viewer]) => ({ userId, fullName: viewer.fullName })),
      dragging: [...this.drags].map(([leadId, drag]) => ({ leadId, userId: drag.userId, fullName: drag.fullName })),
    };
  }
}
