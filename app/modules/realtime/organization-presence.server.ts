import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import type { PresenceSnapshot } from "./events";
import { PresenceFlushSchedule } from "./presence-flush";
import { PresenceState, type PresenceChange, type PresenceOp } from "./presence-state.server";
import { presenceFrame } from "./sse-frames.server";
import type { HubClient } from "./stream-registry.server";

export interface PresenceOptions {
  /** Tells this process's presence entries apart from other web processes'. */
  processId: string;
  presenceRenewMs: number;
  viewerTtlMs: number;
  dragTtlMs: number;
  /** After announcing itself, wait this long for the other processes' presence before judging a claim. */
  presenceSettleMs: number;
  claimTimeoutMs: number;
  /** Joins, leaves and expiries reach the streams at most once per this period (one snapshot for a burst). */
  presenceViewersMs: number;
  /** A drag starting or ending reaches the streams within this. */
  presenceDragMs: number;
  /** Viewers listed in a snapshot, besides their count: the board shows a few avatars. */
  presenceViewerLimit: number;
  log(message: string): void;
}

/** The bus did not carry a claim back in time (or the hub is closing). */
export class RealtimeUnavailableError extends Error {}

/** Presence renewals are split so a NOTIFY payload stays far below its 8000-byte limit. */
const PRESENCE_CHUNK_BYTES = 6_000;

interface Holder {
  userId: string;
  fullName: string;
}

/**
 * One organization's presence as this process takes part in it: announces
 * its own viewers and drag claims on the bus, applies everyone's operations
 * (the shared `PresenceState`), and sends the snapshot to its streams —
 * encoded once per change, at the pace `PresenceFlushSchedule` sets.
 */
export class OrganizationPresence {
  private readonly state: PresenceState;
  private readonly flushes: PresenceFlushSchedule;
  /** Users with a stream on this process, with how many streams each. */
  private readonly localUsers = new Map<string, { fullName: string; streams: number }>();
  /** Cards claimed through this process: re-announced when another process says hello. */
  private readonly ownedDrags = new Map<string, Holder>();
  /** Claims waiting for their own operation to come back from the bus, by nonce. */
  private readonly claims = new Map<string, (holder: Holder | undefined) => void>();
  private readonly settled: Promise<void>;
  private onHelloEcho = () => {};
  private flushTimer: NodeJS.Timeout | null = null;
  private renewedAt = Date.now();
  private encoded: { version: number; frame: Uint8Array } | null = null;

  constructor(
    private readonly publish: (op: PresenceOp) => void,
    private readonly clients: () => ReadonlySet<HubClient>,
    private readonly options: PresenceOptions,
  ) {
    this.state = new PresenceState(options);
    this.flushes = new PresenceFlushSchedule({ viewersMs: options.presenceViewersMs, dragMs: options.presenceDragMs });
    this.settled = new Promise<void>((resolve) => {
      this.onHelloEcho = () => setTimeout(resolve, options.presenceSettleMs).unref();
    });
  }

  /** Announces this process; the others answer with what they hold. */
  hello() {
    this.publish({ op: "hello", processId: this.options.processId });
  }

  snapshot(): PresenceSnapshot {
    return this.state.snapshot(this.options.presenceViewerLimit);
  }

  /** The current snapshot's frame, encoded once per change however many streams ask for it. */
  frame(): Uint8Array {
    if (this.encoded?.version !== this.state.version) this.encoded = { version: this.state.version, frame: presenceFrame(this.snapshot()) };
    return this.encoded.frame;
  }

  joined(userId: string, fullName: string) {
    const local = this.localUsers.get(userId);
    if (local) {
      local.streams++;
      return;
    }
    this.localUsers.set(userId, { fullName, streams: 1 });
    this.publish({ op: "viewers", processId: this.options.processId, users: [{ userId, fullName }] });
  }

  left(userId: string) {
    const local = this.localUsers.get(userId);
    if (!local || --local.streams > 0) return;
    this.localUsers.delete(userId);
    this.publish({ op: "leave", processId: this.options.processId, userId });
  }

  /** Every process applies claims in the bus's order, so waiting for our own claim to come back tells us who won. */
  async claim(user: { id: string; fullName: string }, leadId: string) {
    const nonce = randomUUID();
    try {
      await Promise.race([this.settled, delay(this.options.claimTimeoutMs, undefined, { ref: false })]);
      const answer = new Promise<Holder | undefined>((resolve) => this.claims.set(nonce, resolve));
      this.publish({ op: "drag", processId: this.options.processId, leadId, userId: user.id, fullName: user.fullName, nonce });
      const holder = await Promise.race([answer, delay(this.options.claimTimeoutMs, "timeout" as const, { ref: false })]);
      if (holder === "timeout" || !holder) throw new RealtimeUnavailableError("claim not echoed by the bus");
      if (holder.userId !== user.id) return { granted: false as const, holder: { userId: holder.userId, fullName: holder.fullName } };
      this.ownedDrags.set(leadId, { userId: user.id, fullName: user.fullName });
      return { granted: true as const };
    } finally {
      this.claims.delete(nonce);
    }
  }

  disown(leadId: string) {
    this.ownedDrags.delete(leadId);
  }

  receive(op: PresenceOp, now: number) {
    if (op.op === "hello") {
      if (op.processId === this.options.processId) this.onHelloEcho();
      else this.announce(now);
      return;
    }
    const result = this.state.apply(op, now);
    if (op.op === "drag") this.claims.get(op.nonce)?.(result.holder);
    this.changed(result.changed, now);
  }

  /** Expiry and renewal, on the hub's tick. */
  tick(now: number) {
    if (this.state.expire(now)) this.changed("viewers", now);
    for (const [leadId, owner] of this.ownedDrags) {
      if (this.state.holderOf(leadId, now)?.userId !== owner.userId) this.ownedDrags.delete(leadId);
    }
    if (now - this.renewedAt >= this.options.presenceRenewMs) {
      this.renewedAt = now;
      this.renewViewers();
    }
  }

  /** After the subscriber connection came back: ask for everyone's presence again, and tell ours. */
  recover() {
    this.hello();
    this.renewViewers();
  }

  /** This process stops serving the organization: its users leave at once rather than when their entries expire. */
  leaveAll() {
    for (const userId of this.localUsers.keys()) this.publish({ op: "leave", processId: this.options.processId, userId });
    this.localUsers.clear();
    this.stop();
  }

  stop() {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  private changed(change: PresenceChange, now: number) {
    if (!change) return;
    const due = this.flushes.changed(change, now);
    if (due === null) return;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => this.flush(), due - now);
    this.flushTimer.unref();
  }

  private flush() {
    this.flushTimer = null;
    this.flushes.flushed(Date.now());
    const clients = this.clients();
    if (clients.size === 0) return;
    const frame = this.frame();
    for (const client of clients) client.send(frame, null, "presence");
  }

  /** Another process just started following: tell it what this process holds. */
  private announce(now: number) {
    this.renewViewers();
    for (const [leadId, owner] of this.ownedDrags) {
      if (this.state.holderOf(leadId, now)?.userId !== owner.userId) continue;
      this.publish({ op: "drag", processId: this.options.processId, leadId, ...owner, nonce: "" });
    }
  }

  private renewViewers() {
    const processId = this.options.processId;
    let users: { userId: string; fullName: string }[] = [];
    let bytes = 0;
    const flush = () => {
      if (users.length === 0) return;
      this.publish({ op: "viewers", processId, users });
      users = [];
      bytes = 0;
    };
    for (const [userId, local] of this.localUsers) {
      const user = { userId, fullName: local.fullName };
      bytes += Buffer.byteLength(JSON.stringify(user));
      users.push(user);
      if (bytes >= PRESENCE_CHUNK_BYTES) flush();
    }
    flush();
  }
}
