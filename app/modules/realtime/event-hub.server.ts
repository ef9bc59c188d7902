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
import { OrganizationFeed, type FeedOptions } from "./organization-feed.server";
import { OrganizationPresence, RealtimeUnavailableError, type PresenceOptions } from "./organization-presence.server";
import type { PresenceOp } from "./presence-state.server";
import { PublishQueue, type PublishQueueOptions } from "./publish-queue.server";
import { SessionCheck, type SessionCheckOptions } from "./session-check.server";
import { presenceFrame } from "./sse-frames.server";
import { StreamRegistry, type HubClient, type StreamOptions } from "./stream-registry.server";

export interface HubOptions extends StreamOptions, FeedOptions, PresenceOptions, SessionCheckOptions, PublishQueueOptions {
  /** Comment frames keep proxies from closing idle streams. */
  heartbeatMs: number;
  /** Cadence of presence expiry, renewal, the session check and the catch-up sweep. */
  tickMs: number;
  /** Safety net for a publish that never arrived: re-read the table this often while clients are connected. */
  sweepMs: number;
  /** Keep following an organization this long after its last client left (reconnects, presence state). */
  lingerMs: number;
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
  presenceViewersMs: 1_000,
  presenceDragMs: 50,
  // The board shows four avatars and lists names on hover.
  presenceViewerLimit: 20,
  maxStreamMs: 30 * 60_000,
  // Several tabs of one login are normal (and a browser on HTTP/1.1 opens at most 6 connections to a host).
  maxStreamsPerSession: 8,
  sessionCheckMs: 5_000,
  // With 1,000 streams (npm run bench:board), batches of 16, 32 and 64 measured alike within the noise, and all
  // clearly ahead of writing every stream in one turn.
  fanOutBatch: 32,
  // A late publish from a busy sibling process (a GC pause, a burst of documents) can take a few hundred ms.
  reorderWaitMs: 500,
  // Minutes of a busy organization's events; past it the bus is plainly away and subscribers read the table.
  publishQueueLimit: 10_000,
} satisfies Partial<HubOptions>;

interface Organization {
  id: string;
  channel: string;
  /** Streams plus short-lived holds (a presence request); the organization is followed while > 0. */
  refs: number;
  ready: Promise<void>;
  linger: NodeJS.Timeout | null;
  feed: OrganizationFeed;
  presence: OrganizationPresence;
  sweptAt: number;
}

const EMPTY_PRESENCE: PresenceSnapshot = { viewers: [], viewerCount: 0, dragging: [] };

/**
 * The per-process realtime coordinator: one bus subscription per
 * organization with connected streams, routing what arrives to that
 * organization's feed (events, in order) and presence, and everything this
 * process says to the bus through one queue that no request waits for.
 */
export class EventHub {
  readonly bus: RealtimeBus;
  private readonly organizations = new Map<string, Organization>();
  private readonly streams: StreamRegistry;
  private readonly outbox: PublishQueue;
  private readonly sessionCheck: SessionCheck;
  private controlFollowed: Promise<void> | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private tickTimer: NodeJS.Timeout | null = null;
  private closing = false;

  constructor(
    createBus: (handlers: BusHandlers) => RealtimeBus,
    private readonly options: HubOptions,
  ) {
    this.bus = createBus({
      onMessage: (channel, payload) => this.receive(channel, payload),
      onReconnect: () => this.recover(),
      log: options.log,
    });
    this.streams = new StreamRegistry(options);
    this.outbox = new PublishQueue(this.bus, options);
    this.sessionCheck = new SessionCheck(this.streams, options);
  }

  /** Registers a stream. Resolves once its organization is followed; events delivered from then on reach it. */
  async connect(client: HubClient): Promise<() => void> {
    const remove = this.streams.add(client);
    let organization: Organization;
    try {
      organization = this.acquire(client.organizationId);
    } catch (error) {
      remove();
      throw error;
    }
    let joined = false;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      remove();
      if (joined) organization.presence.left(client.userId);
      this.release(organization);
    };
    try {
      await organization.ready;
    } catch (error) {
      release();
      throw error;
    }
    if (!released) {
      joined = true;
      organization.presence.joined(client.userId, client.fullName);
    }
    return release;
  }

  /** See `OrganizationFeed.deliveredUpTo`. */
  deliveredUpTo(organizationId: string): number | null {
    return this.organizations.get(organizationId)?.feed.deliveredUpTo ?? null;
  }

  presenceOf(organizationId: string): PresenceSnapshot {
    return this.organizations.get(organizationId)?.presence.snapshot() ?? EMPTY_PRESENCE;
  }

  /** The presence frame a stream starts with (shared by every stream of the organization until presence changes). */
  presenceFrameOf(organizationId: string): Uint8Array {
    return this.organizations.get(organizationId)?.presence.frame() ?? presenceFrame(EMPTY_PRESENCE);
  }

  /** Claims a card for dragging: granted, or refused with who holds it. */
  async claimCard(organizationId: string, user: { id: string; fullName: string }, leadId: string) {
    const organization = this.acquire(organizationId);
    try {
      await organization.ready;
      return await organization.presence.claim(user, leadId);
    } finally {
      this.release(organization);
    }
  }

  releaseCard(organizationId: string, userId: string, leadId: string) {
    this.organizations.get(organizationId)?.presence.disown(leadId);
    this.publishPresence(organizationId, { op: "drop", leadId, userId });
  }

  /** Queues committed events for the bus; returns at once. */
  publishEvents(messages: RealtimeMessage[]) {
    for (const message of messages) {
      this.publish(organizationChannel(message.organizationId), encodeOrganizationMessage(message, this.bus.maxPayloadBytes));
    }
  }

  /** Every process closes the streams opened with this session. */
  publishSessionEnded(sessionId: string) {
    const message: ControlBusMessage = { type: "session.ended", sessionId };
    this.publish(CONTROL_CHANNEL, JSON.stringify(message));
  }

  stats() {
    return { organizations: this.organizations.size, ...this.streams.stats(), unpublished: this.outbox.pending };
  }

  /** Ends every stream (their users leave presence at once) and closes the bus connections. */
  async close() {
    if (this.closing) return;
    this.closing = true;
    this.stopTimers();
    for (const organization of this.organizations.values()) {
      if (organization.linger) clearTimeout(organization.linger);
      organization.feed.stop();
      organization.presence.leaveAll();
    }
    this.streams.closeAll();
    await this.outbox.flush(1_000);
    this.organizations.clear();
    await this.bus.close();
  }

  private publish(channel: string, payload: string) {
    this.outbox.push(channel, payload);
  }

  private publishPresence(organizationId: string, op: PresenceOp) {
    const message: PresenceBusMessage = { organizationId, id: null, type: "presence", data: op, at: new Date().toISOString() };
    this.publish(organizationChannel(organizationId), JSON.stringify(message));
  }

  private acquire(organizationId: string): Organization {
    if (this.closing) throw new RealtimeUnavailableError("realtime hub closed");
    let organization = this.organizations.get(organizationId);
    if (!organization) {
      organization = this.follow(organizationId);
      this.organizations.set(organizationId, organization);
      this.startTimers();
    }
    organization.refs++;
    if (organization.linger) {
      clearTimeout(organization.linger);
      organization.linger = null;
    }
    return organization;
  }

  private release(organization: Organization) {
    organization.refs--;
    if (organization.refs > 0 || this.closing || organization.linger) return;
    organization.linger = setTimeout(() => this.unfollow(organization), this.options.lingerMs);
    organization.linger.unref();
  }

  private follow(organizationId: string): Organization {
    const clients = () => this.streams.of(organizationId);
    const organization: Organization = {
      id: organizationId,
      channel: organizationChannel(organizationId),
      refs: 0,
      ready: Promise.resolve(),
      linger: null,
      feed: new OrganizationFeed(organizationId, clients, this.options),
      presence: new OrganizationPresence((op) => this.publishPresence(organizationId, op), clients, this.options),
      sweptAt: Date.now(),
    };
    organization.ready = this.start(organization);
    organization.ready.catch((error: Error) => {
      this.options.log(`realtime: cannot follow organization ${organizationId}: ${error.message}`);
      if (this.organizations.get(organizationId) === organization) this.organizations.delete(organizationId);
      if (this.organizations.size === 0) this.stopTimers();
      void this.bus.unfollow(organization.channel).catch(() => {});
    });
    return organization;
  }

  /** Follow first, then read where the organization stands: anything committed later reaches us on the bus. */
  private async start(organization: Organization) {
    this.controlFollowed ??= this.bus.follow(CONTROL_CHANNEL).catch((error: unknown) => {
      this.controlFollowed = null;
      throw error;
    });
    await this.controlFollowed;
    await this.bus.follow(organization.channel);
    await organization.feed.start();
    organization.presence.hello();
  }

  private unfollow(organization: Organization) {
    organization.linger = null;
    if (organization.refs > 0 || this.organizations.get(organization.id) !== organization) return;
    this.organizations.delete(organization.id);
    organization.feed.stop();
    organization.presence.stop();
    void this.bus.unfollow(organization.channel).catch(() => {});
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
      if (message.type === "session.ended") this.streams.closeSession(message.sessionId);
      return;
    }
    if (message.type === "session.ended") return;
    const organization = this.organizations.get(message.organizationId);
    if (!organization || organization.channel !== channel) return;
    if (message.id === null) organization.presence.receive(message.data as unknown as PresenceOp, Date.now());
    else organization.feed.receive({ id: message.id, message: message.partial ? null : message });
  }

  /** After the subscriber connection came back: read what was missed, and ask for everyone's presence again. */
  private recover() {
    for (const organization of this.organizations.values()) {
      if (!organization.feed.isStarted) continue;
      organization.feed.sweep();
      organization.presence.recover();
    }
  }

  private startTimers() {
    if (this.tickTimer) return;
    this.heartbeatTimer = setInterval(() => this.streams.beat(Date.now()), this.options.heartbeatMs);
    this.heartbeatTimer.unref();
    this.tickTimer = setInterval(() => this.tick(), this.options.tickMs);
    this.tickTimer.unref();
  }

  private stopTimers() {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.heartbeatTimer = this.tickTimer = null;
  }

  private tick() {
    const now = Date.now();
    this.sessionCheck.tick(now);
    for (const organization of this.organizations.values()) {
      if (!organization.feed.isStarted) continue;
      organization.presence.tick(now);
      if (this.streams.of(organization.id).size > 0 && now - organization.sweptAt >= this.options.sweepMs) {
        organization.sweptAt = now;
        organization.feed.sweep();
      }
    }
  }
}
