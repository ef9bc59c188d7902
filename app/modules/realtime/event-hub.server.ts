import { randomUUID } from "node:crypto";
import { setImmediate as nextTurn, setTimeout as delay } from "node:timers/promises";
import {
  CONTROL_CHANNEL,
  encodeOrganizationMessage,
  organizationChannel,
  type BusHandlers,
  type ControlBusMessage,
  type OrganizationBusMessage,
  type PresenceBusMessage,
  type RealtimeBus,
} from "./bus.server";
import type { PresenceSnapshot, RealtimeMessage } from "./events";
import { PresenceState, type PresenceOp } from "./presence-state.server";
import { readEventsAfter } from "./read-events.server";
import { eventFrame, PING_FRAME, presenceFrame, resyncFrame } from "./sse-frames.server";

export type FrameKind = "event" | "resync" | "presence" | "ping";

/** One open event stream, as the hub sees it. */
export interface HubClient {
  readonly organizationId: string;
  readonly userId: string;
  readonly fullName: string;
  readonly sessionId: string;
  /** Events arrive in id order, each once; `resync` and `presence` frames have no id. Never throws. */
  send(frame: Uint8Array, id: number | null, kind: FrameKind): void;
  close(): void;
}

export interface HubOptions {
  /** Tells this process's presence entries apart from other web processes'. */
  processId: string;
  /** Comment frames keep proxies from closing idle streams. */
  heartbeatMs: number;
  /** Cadence of presence expiry, renewal and the catch-up sweep. */
  tickMs: number;
  /** Safety net for a publish that never arrived: re-read the table this often while clients are connected. */
  sweepMs: number;
  /** Keep following an organization this long after its last client left (reconnects, presence state). */
  lingerMs: number;
  presenceRenewMs: number;
  viewerTtlMs: number;
  dragTtlMs: number;
  /** After announcing itself, wait this long for the other processes' presence before judging a claim. */
  presenceSettleMs: number;
  claimTimeoutMs: number;
  /** Streams end after this long (with jitter) and reconnect, re-running the session and membership guard. */
  maxStreamMs: number;
  /**
   * Open streams one session may hold on this process; one more is refused
   * (`StreamLimitError`). Bounds what one login can pin (sockets, memory,
   * fan-out work); per process, so behind N web nodes a session holds at most N times this.
   */
  maxStreamsPerSession: number;
  /** How often the sessions of open streams are re-checked (expired, deleted, user deactivated). */
  sessionCheckMs: number;
  /** Which of these session ids are still valid; null: no re-check (hubs in tests that have no sessions). */
  liveSessions?: ((sessionIds: string[]) => Promise<Set<string>>) | null;
  /** Streams an event is written to per turn of the event loop (see `deliver`). */
  fanOutBatch: number;
  log(message: string): void;
}

export const DEFAULT_HUB_OPTIONS = {
  heartbeatMs: 15_000,
  tickMs: 1_000,
  sweepMs: 30_000,
  lingerMs: 5 * 60_000,
  presenceRenewMs: 10_000,
  viewerTtlMs: 30_000,
  dragTtlMs: 8_000,
  presenceSettleMs: 150,
  claimTimeoutMs: 2_000,
  maxStreamMs: 30 * 60_000,
  // Several tabs of one login are normal (and a browser on HTTP/1.1 opens at most 6 connections to a host).
  maxStreamsPerSession: 8,
  sessionCheckMs: 5_000,
  // With 1,000 streams (npm run bench:board), batches of 16, 32 and 64 measured alike within the noise, and all
  // clearly ahead of writing every stream in one turn.
  fanOutBatch: 32,
} satisfies Partial<HubOptions>;

class RealtimeUnavailableError extends Error {}

/** The session already holds `maxStreamsPerSession` streams on this process. */
export class StreamLimitError extends Error {}

const CATCH_UP_PAGE = 500;
const PRESENCE_DEBOUNCE_MS = 25;
/** Presence renewals are split so a NOTIFY payload stays far below its 8000-byte limit. */
const PRESENCE_CHUNK_BYTES = 6_000;

interface Target {
  id: number;
  /** Null when the bus carried only the id: the row is read back. */
  message: RealtimeMessage | null;
}

interface Holder {
  userId: string;
  fullName: string;
}

interface OrganizationState {
  id: string;
  channel: string;
  /** Each client with the time its stream ends on its own (the browser reconnects and the guard runs again). */
  clients: Map<HubClient, number>;
  /** Clients plus short-lived holds (a presence request); the organization is followed while > 0. */
  refs: number;
  ready: Promise<void>;
  initialized: boolean;
  /** Bus messages that arrived before the starting point was known. */
  early: Target[];
  lastDelivered: number;
  /** Delivery is serialized per organization: catch-up reads never interleave with live messages. */
  chain: Promise<void>;
  linger: NodeJS.Timeout | null;
  presence: PresenceState;
  presenceTimer: NodeJS.Timeout | null;
  settled: Promise<void>;
  onHelloEcho: () => void;
  /** Users with a stream on this process, with how many streams each. */
  localUsers: Map<string, { fullName: string; streams: number }>;
  /** Cards claimed through this process: re-announced when another process says hello. */
  ownedDrags: Map<string, Holder>;
  renewedAt: number;
  sweptAt: number;
}

/**
 * The per-process fan-out: one bus subscription per organization with
 * connected clients, and in-memory delivery to those clients. Each
 * organization's events go out in id order, without gaps or duplicates: a
 * message whose predecessor has not arrived (published late, lost, or too big
 * for the transport) makes the hub read the missing rows from realtime_events
 * first; ids already delivered are dropped.
 */
export class EventHub {
  readonly bus: RealtimeBus;
  private readonly organizations = new Map<string, OrganizationState>();
  private readonly sessions = new Map<string, Set<HubClient>>();
  private readonly claims = new Map<string, (holder: Holder | undefined) => void>();
  private controlFollowed: Promise<void> | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private tickTimer: NodeJS.Timeout | null = null;
  private closing = false;
  private sessionsCheckedAt = Date.now();
  private checkingSessions = false;

  constructor(
    createBus: (handlers: BusHandlers) => RealtimeBus,
    private readonly options: HubOptions,
  ) {
    this.bus = createBus({
      onMessage: (channel, payload) => this.receive(channel, payload),
      onReconnect: () => this.recover(),
      log: options.log,
    });
  }

  /** Registers a stream. Resolves once its organization is followed; events delivered from then on reach it. */
  async connect(client: HubClient): Promise<() => void> {
    let sessionClients = this.sessions.get(client.sessionId);
    if (sessionClients && sessionClients.size >= this.options.maxStreamsPerSession) throw new StreamLimitError("too many streams for this session");
    const state = this.acquire(client.organizationId);
    const lifetime = this.options.maxStreamMs * (0.75 + Math.random() * 0.25);
    state.clients.set(client, Date.now() + lifetime);
    if (!sessionClients) this.sessions.set(client.sessionId, (sessionClients = new Set()));
    sessionClients.add(client);
    let joined = false;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      state.clients.delete(client);
      sessionClients.delete(client);
      if (sessionClients.size === 0 && this.sessions.get(client.sessionId) === sessionClients) this.sessions.delete(client.sessionId);
      if (joined) this.userLeft(state, client.userId);
      this.release(state);
    };
    try {
      await state.ready;
    } catch (error) {
      release();
      throw error;
    }
    if (!released) {
      joined = true;
      this.userJoined(state, client);
    }
    return release;
  }

  presenceOf(organizationId: string): PresenceSnapshot {
    return this.organizations.get(organizationId)?.presence.snapshot() ?? { viewers: [], dragging: [] };
  }

  /**
   * Claims a card for dragging. Every process applies claims in the bus's
   * order, so waiting for our own claim to come back tells us who won.
   */
  async claimCard(organizationId: string, user: { id: string; fullName: string }, leadId: string) {
    const state = this.acquire(organizationId);
    const nonce = randomUUID();
    try {
      await state.ready;
      await Promise.race([state.settled, delay(this.options.claimTimeoutMs, undefined, { ref: false })]);
      const answer = new Promise<Holder | undefined>((resolve) => this.claims.set(nonce, resolve));
      await this.publishPresence(organizationId, {
        op: "drag",
        processId: this.options.processId,
        leadId,
        userId: user.id,
        fullName: user.fullName,
        nonce,
      });
      const holder = await Promise.race([answer, delay(this.options.claimTimeoutMs, "timeout" as const, { ref: false })]);
      if (holder === "timeout" || !holder) throw new RealtimeUnavailableError("claim not echoed by the bus");
      if (holder.userId !== user.id) return { granted: false as const, holder: { userId: holder.userId, fullName: holder.fullName } };
      state.ownedDrags.set(leadId, { userId: user.id, fullName: user.fullName });
      return { granted: true as const };
    } finally {
      this.claims.delete(nonce);
      this.release(state);
    }
  }

  async releaseCard(organizationId: string, userId: string, leadId: string) {
    this.organizations.get(organizationId)?.ownedDrags.delete(leadId);
    await this.publishPresence(organizationId, { op: "drop", leadId, userId });
  }

  async publishEvents(messages: RealtimeMessage[]) {
    for (const message of messages) {
      await this.bus.publish(organizationChannel(message.organizationId), encodeOrganizationMessage(message, this.bus.maxPayloadBytes));
    }
  }

  /** Every process closes the streams opened with this session. */
  async publishSessionEnded(sessionId: string) {
    const message: ControlBusMessage = { type: "session.ended", sessionId };
    await this.bus.publish(CONTROL_CHANNEL, JSON.stringify(message));
  }

  stats() {
    let clients = 0;
    for (const state of this.organizations.values()) clients += state.clients.size;
    return { organizations: this.organizations.size, clients, sessions: this.sessions.size };
  }

  /** Ends every stream (their users leave presence at once) and closes the bus connections. */
  async close() {
    if (this.closing) return;
    this.closing = true;
    this.stopTimers();
    const leaving: Promise<void>[] = [];
    for (const state of this.organizations.values()) {
      if (state.linger) clearTimeout(state.linger);
      if (state.presenceTimer) clearTimeout(state.presenceTimer);
      for (const userId of state.localUsers.keys()) {
        leaving.push(this.publishPresence(state.id, { op: "leave", processId: this.options.processId, userId }).catch(() => {}));
      }
      state.localUsers.clear();
      for (const client of [...state.clients.keys()]) client.close();
    }
    await Promise.race([Promise.all(leaving), delay(1_000, undefined, { ref: false })]);
    this.organizations.clear();
    this.sessions.clear();
    await this.bus.close();
  }

  private acquire(organizationId: string): OrganizationState {
    if (this.closing) throw new RealtimeUnavailableError("realtime hub closed");
    let state = this.organizations.get(organizationId);
    if (!state) {
      state = this.createState(organizationId);
      this.organizations.set(organizationId, state);
      this.startTimers();
    }
    state.refs++;
    if (state.linger) {
      clearTimeout(state.linger);
      state.linger = null;
    }
    return state;
  }

  private release(state: OrganizationState) {
    state.refs--;
    if (state.refs > 0 || this.closing || state.linger) return;
    state.linger = setTimeout(() => this.teardown(state), this.options.lingerMs);
    state.linger.unref();
  }

  private createState(organizationId: string): OrganizationState {
    let onHelloEcho = () => {};
    const settled = new Promise<void>((resolve) => {
      onHelloEcho = () => setTimeout(resolve, this.options.presenceSettleMs).unref();
    });
    const now = Date.now();
    const state: OrganizationState = {
      id: organizationId,
      channel: organizationChannel(organizationId),
      clients: new Map(),
      refs: 0,
      ready: Promise.resolve(),
      initialized: false,
      early: [],
      lastDelivered: 0,
      chain: Promise.resolve(),
      linger: null,
      presence: new PresenceState(this.options),
      presenceTimer: null,
      settled,
      onHelloEcho,
      localUsers: new Map(),
      ownedDrags: new Map(),
      renewedAt: now,
      sweptAt: now,
    };
    state.ready = this.initialize(state);
    state.ready.catch((error: Error) => {
      this.options.log(`realtime: cannot follow organization ${organizationId}: ${error.message}`);
      if (this.organizations.get(organizationId) === state) this.organizations.delete(organizationId);
      if (this.organizations.size === 0) this.stopTimers();
      void this.bus.unfollow(state.channel).catch(() => {});
    });
    return state;
  }

  /** Follow first, then read where the organization stands: anything committed later reaches us on the bus. */
  private async initialize(state: OrganizationState) {
    this.controlFollowed ??= this.bus.follow(CONTROL_CHANNEL).catch((error: unknown) => {
      this.controlFollowed = null;
      throw error;
    });
    await this.controlFollowed;
    await this.bus.follow(state.channel);
    const { lastEventId } = await readEventsAfter(state.id, 0, 0);
    state.lastDelivered = lastEventId;
    state.initialized = true;
    for (const target of state.early.splice(0)) this.advance(state, target);
    this.publishPresence(state.id, { op: "hello", processId: this.options.processId }).catch((error: Error) =>
      this.options.log(`realtime: presence hello failed: ${error.message}`),
    );
  }

  private teardown(state: OrganizationState) {
    state.linger = null;
    if (state.refs > 0 || this.organizations.get(state.id) !== state) return;
    this.organizations.delete(state.id);
    if (state.presenceTimer) clearTimeout(state.presenceTimer);
    void this.bus.unfollow(state.channel).catch(() => {});
    if (this.organizations.size === 0) {
      // Nothing left to listen to: release the subscriber connection too.
      this.stopTimers();
      if (this.controlFollowed) {
        this.controlFollowed = null;
        void this.bus.unfollow(CONTROL_CHANNEL).catch(() => {});
      }
    }
  }

  private receive(channel: string, payload: string) {
    let message: OrganizationBusMessage | ControlBusMessage;
    try {
      message = JSON.parse(payload) as OrganizationBusMessage | ControlBusMessage;
    } catch {
      this.options.log(`realtime: unreadable bus message on ${channel}`);
      return;
    }
    if (channel === CONTROL_CHANNEL) {
      if (message.type === "session.ended") for (const client of [...(this.sessions.get(message.sessionId) ?? [])]) client.close();
      return;
    }
    if (message.type === "session.ended") return;
    const state = this.organizations.get(message.organizationId);
    if (!state || state.channel !== channel) return;
    if (message.id === null) {
      this.receivePresence(state, message.data as unknown as PresenceOp);
      return;
    }
    const target = { id: message.id, message: message.partial ? null : message };
    if (state.initialized) this.advance(state, target);
    else state.early.push(target);
  }

  private advance(state: OrganizationState, target: Target) {
    state.chain = state.chain
      .then(() => this.deliverUpTo(state, target))
      .catch((error: Error) => this.options.log(`realtime: delivery for ${state.id} failed: ${error.message}`));
  }

  private sweep(state: OrganizationState) {
    state.chain = state.chain
      .then(() => this.catchUp(state))
      .catch((error: Error) => this.options.log(`realtime: catch-up for ${state.id} failed: ${error.message}`));
  }

  private async deliverUpTo(state: OrganizationState, target: Target) {
    if (target.id <= state.lastDelivered) return;
    if (target.id === state.lastDelivered + 1 && target.message) {
      await this.deliver(state, target.message);
      return;
    }
    await this.catchUp(state);
    if (target.id > state.lastDelivered) {
      // Committed (it was published) yet not in the table: purged while this process was cut off.
      this.resync(state);
      if (target.message) await this.deliver(state, target.message);
      else state.lastDelivered = target.id;
    }
  }

  private async catchUp(state: OrganizationState) {
    for (;;) {
      const { events } = await readEventsAfter(state.id, state.lastDelivered, CATCH_UP_PAGE);
      if (events.length === 0) return;
      if (events[0].id !== state.lastDelivered + 1) this.resync(state);
      for (const event of events) await this.deliver(state, event);
      if (events.length < CATCH_UP_PAGE) return;
    }
  }

  /**
   * Writes the event's frame (encoded once) to every stream, a batch per turn
   * of the event loop: each batch's bytes leave for its sockets before the next
   * batch is prepared, so the first clients get the event without waiting for
   * the whole organization, and the kernel and clients work while we do.
   */
  private async deliver(state: OrganizationState, message: RealtimeMessage) {
    const id = message.id as number;
    state.lastDelivered = id;
    if (state.clients.size === 0) return;
    const frame = eventFrame(message);
    const clients = [...state.clients.keys()];
    const batch = Math.max(1, this.options.fanOutBatch);
    for (let start = 0; start < clients.length; start += batch) {
      if (start > 0) await nextTurn();
      for (const client of clients.slice(start, start + batch)) client.send(frame, id, "event");
    }
    if (message.type === "member.removed") {
      for (const client of [...state.clients.keys()]) if (client.userId === message.data.userId) client.close();
    }
  }

  private resync(state: OrganizationState) {
    const frame = resyncFrame("gap");
    for (const client of state.clients.keys()) client.send(frame, null, "resync");
  }

  /** After the subscriber connection came back: read what was missed, and ask for everyone's presence again. */
  private recover() {
    for (const state of this.organizations.values()) {
      if (!state.initialized) continue;
      this.sweep(state);
      this.publishPresence(state.id, { op: "hello", processId: this.options.processId }).catch(() => {});
      this.renewViewers(state);
    }
  }

  private receivePresence(state: OrganizationState, op: PresenceOp) {
    if (op.op === "hello") {
      if (op.processId === this.options.processId) state.onHelloEcho();
      else this.announce(state);
      return;
    }
    const result = state.presence.apply(op, Date.now());
    if (op.op === "drag") this.claims.get(op.nonce)?.(result.holder);
    if (result.changed) this.schedulePresence(state);
  }

  private schedulePresence(state: OrganizationState) {
    if (state.presenceTimer) return;
    state.presenceTimer = setTimeout(() => {
      state.presenceTimer = null;
      if (state.clients.size === 0) return;
      const frame = presenceFrame(state.presence.snapshot());
      for (const client of state.clients.keys()) client.send(frame, null, "presence");
    }, PRESENCE_DEBOUNCE_MS);
    state.presenceTimer.unref();
  }

  private userJoined(state: OrganizationState, client: HubClient) {
    const local = state.localUsers.get(client.userId);
    if (local) {
      local.streams++;
      return;
    }
    state.localUsers.set(client.userId, { fullName: client.fullName, streams: 1 });
    const users = [{ userId: client.userId, fullName: client.fullName }];
    this.publishPresence(state.id, { op: "viewers", processId: this.options.processId, users }).catch((error: Error) =>
      this.options.log(`realtime: presence join failed: ${error.message}`),
    );
  }

  private userLeft(state: OrganizationState, userId: string) {
    const local = state.localUsers.get(userId);
    if (!local || --local.streams > 0) return;
    state.localUsers.delete(userId);
    this.publishPresence(state.id, { op: "leave", processId: this.options.processId, userId }).catch((error: Error) =>
      this.options.log(`realtime: presence leave failed: ${error.message}`),
    );
  }

  /** Another process just started following: tell it what this process holds. */
  private announce(state: OrganizationState) {
    this.renewViewers(state);
    const now = Date.now();
    for (const [leadId, owner] of state.ownedDrags) {
      if (state.presence.holderOf(leadId, now)?.userId !== owner.userId) continue;
      const op: PresenceOp = { op: "drag", processId: this.options.processId, leadId, ...owner, nonce: "" };
      this.publishPresence(state.id, op).catch(() => {});
    }
  }

  private renewViewers(state: OrganizationState) {
    const processId = this.options.processId;
    let users: { userId: string; fullName: string }[] = [];
    let bytes = 0;
    const flush = () => {
      if (users.length === 0) return;
      this.publishPresence(state.id, { op: "viewers", processId, users }).catch(() => {});
      users = [];
      bytes = 0;
    };
    for (const [userId, local] of state.localUsers) {
      const user = { userId, fullName: local.fullName };
      bytes += Buffer.byteLength(JSON.stringify(user));
      users.push(user);
      if (bytes >= PRESENCE_CHUNK_BYTES) flush();
    }
    flush();
  }

  private async publishPresence(organizationId: string, op: PresenceOp) {
    const message: PresenceBusMessage = { organizationId, id: null, type: "presence", data: op, at: new Date().toISOString() };
    await this.bus.publish(organizationChannel(organizationId), JSON.stringify(message));
  }

  private startTimers() {
    if (this.tickTimer) return;
    this.heartbeatTimer = setInterval(() => this.beat(), this.options.heartbeatMs);
    this.heartbeatTimer.unref();
    this.tickTimer = setInterval(() => this.tick(), this.options.tickMs);
    this.tickTimer.unref();
  }

  private stopTimers() {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.heartbeatTimer = this.tickTimer = null;
  }

  /**
   * Ends the streams whose session is no longer valid: expired, deleted by a
   * logout or a removal on another node whose message this process missed, or
   * whose user was deactivated. One query per process for all its streams.
   * A failed check ends nothing: the next one runs a few seconds later.
   */
  private async checkSessions() {
    const liveSessions = this.options.liveSessions;
    if (!liveSessions || this.checkingSessions || this.sessions.size === 0) return;
    this.checkingSessions = true;
    try {
      // Only the sessions asked about: one whose first stream connected meanwhile was not.
      const asked = [...this.sessions.keys()];
      const live = await liveSessions(asked);
      for (const sessionId of asked) {
        if (!live.has(sessionId)) for (const client of [...(this.sessions.get(sessionId) ?? [])]) client.close();
      }
    } catch (error) {
      this.options.log(`realtime: session check failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.checkingSessions = false;
    }
  }

  private beat() {
    const now = Date.now();
    for (const state of this.organizations.values()) {
      for (const [client, expiresAt] of [...state.clients]) {
        if (expiresAt <= now) client.close();
        else client.send(PING_FRAME, null, "ping");
      }
    }
  }

  private tick() {
    const now = Date.now();
    if (now - this.sessionsCheckedAt >= this.options.sessionCheckMs) {
      this.sessionsCheckedAt = now;
      void this.checkSessions();
    }
    for (const state of this.organizations.values()) {
      if (!state.initialized) continue;
      if (state.presence.expire(now)) this.schedulePresence(state);
      for (const [leadId, owner] of state.ownedDrags) {
        if (state.presence.holderOf(leadId, now)?.userId !== owner.userId) state.ownedDrags.delete(leadId);
      }
      if (now - state.renewedAt >= this.options.presenceRenewMs) {
        state.renewedAt = now;
        this.renewViewers(state);
      }
      if (state.clients.size > 0 && now - state.sweptAt >= this.options.sweepMs) {
        state.sweptAt = now;
        this.sweep(state);
      }
    }
  }
}
