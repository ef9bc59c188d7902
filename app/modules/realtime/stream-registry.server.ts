import { PING_FRAME } from "./sse-frames.server";

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

export interface StreamOptions {
  /** Streams end after this long (with jitter) and reconnect, re-running the session and membership guard. */
  maxStreamMs: number;
  /**
   * Open streams one session may hold on this process; one more is refused
   * (`StreamLimitError`). Bounds what one login can pin (sockets, memory,
   * fan-out work); per process, so behind N web nodes a session holds at most N times this.
   */
  maxStreamsPerSession: number;
}

/** The session already holds `maxStreamsPerSession` streams on this process. */
export class StreamLimitError extends Error {}

const NONE: ReadonlySet<HubClient> = new Set();

/** This process's open streams, by organization (for delivery) and by session (for logout and the session check). */
export class StreamRegistry {
  private readonly byOrganization = new Map<string, Set<HubClient>>();
  private readonly bySession = new Map<string, Set<HubClient>>();
  /** When each stream ends on its own (the browser reconnects and the guard runs again). */
  private readonly endsAt = new Map<HubClient, number>();

  constructor(private readonly options: StreamOptions) {}

  /** Registers a stream; returns its removal (idempotent). */
  add(client: HubClient): () => void {
    let session = this.bySession.get(client.sessionId);
    if (session && session.size >= this.options.maxStreamsPerSession) throw new StreamLimitError("too many streams for this session");
    if (!session) this.bySession.set(client.sessionId, (session = new Set()));
    let organization = this.byOrganization.get(client.organizationId);
    if (!organization) this.byOrganization.set(client.organizationId, (organization = new Set()));
    session.add(client);
    organization.add(client);
    this.endsAt.set(client, Date.now() + this.options.maxStreamMs * (0.75 + Math.random() * 0.25));
    return () => {
      if (!this.endsAt.delete(client)) return;
      removeFrom(this.bySession, client.sessionId, client);
      removeFrom(this.byOrganization, client.organizationId, client);
    };
  }

  of(organizationId: string): ReadonlySet<HubClient> {
    return this.byOrganization.get(organizationId) ?? NONE;
  }

  sessionIds() {
    return [...this.bySession.keys()];
  }

  closeSession(sessionId: string) {
    for (const client of [...(this.bySession.get(sessionId) ?? [])]) client.close();
  }

  closeAll() {
    for (const client of [...this.endsAt.keys()]) client.close();
  }

  /** Pings every stream (proxies close idle ones) and ends those past their lifetime. */
  beat(now: number) {
    for (const [client, endsAt] of [...this.endsAt]) {
      if (endsAt <= now) client.close();
      else client.send(PING_FRAME, null, "ping");
    }
  }

  stats() {
    return { clients: this.endsAt.size, sessions: this.bySession.size };
  }
}

function removeFrom(index: Map<string, Set<HubClient>>, key: string, client: HubClient) {
  const set = index.get(key);
  if (!set?.delete(client)) return;
  if (set.size === 0) index.delete(key);
}
