import type { ClientConnection } from "~/utils/client-connection.server";
import { loggerFor } from "~/utils/logger.server";
import type { MemberContext } from "~/utils/membership.server";
import { readEventsAfter } from "./read-events.server";
import { isActiveMember } from "./is-active-member.server";
import { getRealtime } from "./realtime.server";
import { eventFrame, resyncFrame, retryFrame } from "./sse-frames.server";
import { StreamLimitError, type FrameKind, type HubClient } from "./stream-registry.server";

const log = loggerFor("realtime");

const REPLAY_PAGE = 500;
/** The replay waits for the socket to take what it has written past this. */
const REPLAY_BUFFER_BYTES = 256 * 1024;
/**
 * A live stream whose client has stopped reading (a phone that went to sleep
 * on a half-open connection) is cut past this, instead of buffering every
 * event for it in memory. If the client is in fact alive it reconnects with
 * its Last-Event-ID and the replay, which waits for the socket, catches it up.
 */
const MAX_UNSENT_BYTES = 1024 * 1024;
/** How long the browser waits before reconnecting once a stream ends. */
const RETRY_MS = 2_000;
/**
 * A session past its stream cap (see `maxStreamsPerSession`) is told to come
 * back later rather than made to close its oldest tab: evicting would have
 * tabs take turns evicting each other on every reconnect. The refused tab
 * retries with backoff (and when it becomes visible), getting in once another
 * tab closes.
 */
const LIMIT_RETRY_S = 15;

const HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  // nginx and friends: pass each frame through as it is written.
  "X-Accel-Buffering": "no",
};

/**
 * The organization's event stream for one member. The stream registers with
 * the hub before it reads what the client missed, holds live events back
 * while it replays, then lets through only ids past the replay: no gap and
 * no duplicate between the two.
 */
export async function streamEvents(member: MemberContext, request: Request, client: ClientConnection): Promise<Response> {
  const resumeFrom = requestedLastEventId(request);
  const connection = new EventStreamConnection(member, client);
  const body = new ReadableStream<Uint8Array>({
    start: (controller) => connection.attach(controller),
    cancel: () => connection.close(),
  });
  connection.write(retryFrame(RETRY_MS));
  client.closed.addEventListener("abort", () => connection.close(), { once: true });
  try {
    connection.registered(await getRealtime().connect(connection));
  } catch (error) {
    if (error instanceof StreamLimitError) {
      connection.close();
      return new Response(null, { status: 429, headers: { "Retry-After": String(LIMIT_RETRY_S) } });
    }
    // Bus or database unreachable: end now, the browser comes back after `retry`.
    log.error({ err: error }, "stream refused");
    connection.close();
    return new Response(body, { headers: HEADERS });
  }
  if (client.closed.aborted) connection.close();
  void connection.replay(resumeFrom);
  return new Response(body, { headers: HEADERS });
}

/** The browser's `Last-Event-ID` on reconnects, else `?lastEventId=` from the page's loader. */
function requestedLastEventId(request: Request): number | "invalid" | null {
  const raw = request.headers.get("Last-Event-ID") ?? new URL(request.url).searchParams.get("lastEventId");
  if (raw === null || raw.trim() === "") return null;
  return /^\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : "invalid";
}

class EventStreamConnection implements HubClient {
  readonly organizationId: string;
  readonly userId: string;
  readonly fullName: string;
  readonly sessionId: string;
  private controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  private phase: "replaying" | "live" | "closed" = "replaying";
  private held: { frame: Uint8Array; id: number | null; kind: FrameKind }[] = [];
  private lastSentId = 0;
  private unregister: (() => void) | null = null;

  constructor(
    member: MemberContext,
    private readonly client: ClientConnection,
  ) {
    this.organizationId = member.organization.id;
    this.userId = member.user.id;
    this.fullName = member.user.fullName;
    this.sessionId = member.user.sessionId;
  }

  attach(controller: ReadableStreamDefaultController<Uint8Array>) {
    this.controller = controller;
  }

  registered(unregister: () => void) {
    if (this.phase === "closed") unregister();
    else this.unregister = unregister;
  }

  send(frame: Uint8Array, id: number | null, kind: FrameKind) {
    if (this.phase === "closed") return;
    if (kind === "ping") {
      this.write(frame);
      return;
    }
    if (this.phase === "replaying") {
      // The snapshot sent when the replay ends is newer than any held presence frame.
      if (kind !== "presence") this.held.push({ frame, id, kind });
      return;
    }
    if (id !== null) {
      if (id <= this.lastSentId) return;
      this.lastSentId = id;
    }
    this.write(frame);
  }

  write(frame: Uint8Array) {
    if (this.phase === "closed" || !this.controller) return;
    if (this.phase === "live" && this.client.unsentBytes() > MAX_UNSENT_BYTES) {
      log.warn({ unsentBytes: this.client.unsentBytes() }, "dropping a stream whose client stopped reading");
      this.client.drop();
      this.close();
      return;
    }
    try {
      this.controller.enqueue(frame);
    } catch {
      this.close();
    }
  }

  close() {
    if (this.phase === "closed") return;
    this.phase = "closed";
    this.held = [];
    this.unregister?.();
    this.unregister = null;
    try {
      this.controller?.close();
    } catch {
      // already closed by the reader going away
    }
  }

  /** Sends what the client missed since `resumeFrom`, then switches to live delivery. */
  async replay(resumeFrom: number | "invalid" | null) {
    try {
      // The guard checked before this stream registered: a removal or deletion committed in between sent
      // the event that closes streams while there was none to close. From here on that event reaches it.
      if (!(await isActiveMember(this.userId, this.organizationId))) return this.close();
      if (resumeFrom === "invalid") this.resync("unknown");
      else if (resumeFrom !== null && resumeFrom === getRealtime().deliveredUpTo(this.organizationId)) {
        // Nothing to read back: this process has handed its streams every id up to there, and this
        // stream, registered before it looked, gets every later one live (a board's first load at 9:00).
        this.lastSentId = resumeFrom;
      } else if (resumeFrom !== null) await this.replayAfter(resumeFrom);
      if (this.phase !== "replaying") return;
      this.phase = "live";
      for (const { frame, id, kind } of this.held.splice(0)) this.send(frame, id, kind);
      this.write(getRealtime().presenceFrameOf(this.organizationId));
    } catch (error) {
      log.error({ err: error }, "replay failed");
      this.close();
    }
  }

  private async replayAfter(resumeFrom: number) {
    // Held live events the client already has are skipped like replayed ones.
    this.lastSentId = resumeFrom;
    let after = resumeFrom;
    for (;;) {
      const { events, lastEventId } = await readEventsAfter(this.organizationId, after, REPLAY_PAGE);
      if (this.phase === "closed") return;
      if (after === resumeFrom) {
        // An id from the future (say, a database restored from backup) or one whose successors were purged.
        // Either way the client refetches, and every live event from here on reaches it.
        if (events.length === 0 && resumeFrom > lastEventId) return this.resync("unknown");
        if (events.length > 0 && events[0].id !== resumeFrom + 1) return this.resync("expired");
      }
      for (const event of events) {
        this.write(eventFrame(event));
        this.lastSentId = event.id as number;
      }
      if (events.length < REPLAY_PAGE) return;
      after = this.lastSentId;
      await this.waitForSocket();
    }
  }

  /** Lets Remix move what was enqueued onto the socket, then waits while the socket is backed up. */
  private async waitForSocket() {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.client.unsentBytes() > REPLAY_BUFFER_BYTES) await this.client.drained();
  }

  private resync(reason: "unknown" | "expired") {
    this.lastSentId = 0;
    this.write(resyncFrame(reason));
  }
}
