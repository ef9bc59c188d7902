import { setTimeout as delay, setImmediate as nextTurn } from "node:timers/promises";
import { arrivalStep, continuesFrom } from "./event-order";
import type { RealtimeMessage } from "./events";
import { readEventsAfter } from "./read-events.server";
import { eventFrame, resyncFrame } from "./sse-frames.server";
import type { HubClient } from "./stream-registry.server";

export interface FeedOptions {
  /** Streams an event is written to per turn of the event loop (see `deliver`). */
  fanOutBatch: number;
  /**
   * How long an event that came before its predecessor waits for it on the
   * bus before the gap is read from the table: with several web processes,
   * an earlier commit's publish is often a few milliseconds behind a later
   * one's, and only the bus copies carry the live-only fields (ADR 016).
   */
  reorderWaitMs: number;
  log(message: string): void;
}

/** An event id that arrived on the bus; the message is null when the bus carried only the id (the row is read back). */
export interface Arrival {
  id: number;
  message: RealtimeMessage | null;
}

const CATCH_UP_PAGE = 500;
/** Bus messages held for a late predecessor, at most: past it (the table unreadable for long) they are read back instead. */
const MAX_WAITING = 1_000;

/**
 * One organization's events on their way to this process's streams, in id
 * order, without gaps or duplicates: a message whose predecessor has not
 * arrived waits a moment for it (published late by another process), then
 * the feed reads the missing rows from realtime_events (lost, or too big for
 * the transport); ids already delivered are dropped. Delivery is serialized:
 * catch-up reads never interleave with live messages.
 */
export class OrganizationFeed {
  private lastDelivered = 0;
  private started = false;
  /** Bus messages that arrived before the starting point was known. */
  private early: Arrival[] = [];
  private chain: Promise<void> = Promise.resolve();
  /** Bus messages that came before their predecessor, by id, with when they came. */
  private readonly waiting = new Map<number, { message: RealtimeMessage; at: number }>();
  private reorderTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly organizationId: string,
    private readonly clients: () => ReadonlySet<HubClient>,
    private readonly options: FeedOptions,
  ) {}

  get isStarted() {
    return this.started;
  }

  /** The last id this process's streams have been given (null before the feed knows where it starts). */
  get deliveredUpTo(): number | null {
    return this.started ? this.lastDelivered : null;
  }

  /** Call once the bus channel is followed: anything committed after this read reaches us on the bus. */
  async start() {
    const { lastEventId } = await readEventsAfter(this.organizationId, 0, 0);
    this.lastDelivered = lastEventId;
    this.started = true;
    for (const arrival of this.early.splice(0)) this.advance(arrival);
  }

  receive(arrival: Arrival) {
    if (this.started) this.advance(arrival);
    else this.early.push(arrival);
  }

  /**
   * Safety net for a publish that never arrived (or a bus that was away):
   * what the table held past our last id, read once the publishes in flight
   * when we looked have had `reorderWaitMs` to land — reading them at once
   * would deliver them without their live-only fields.
   */
  sweep() {
    if (this.stopped) return;
    void (async () => {
      const { lastEventId } = await readEventsAfter(this.organizationId, this.lastDelivered, 0);
      if (lastEventId <= this.lastDelivered) return;
      await delay(this.options.reorderWaitMs, undefined, { ref: false });
      this.fill(lastEventId);
    })().catch((error: Error) => this.options.log(`realtime: catch-up for ${this.organizationId} failed: ${error.message}`));
  }

  /** The organization is no longer followed: nothing more is read or delivered (its streams may belong to a newer feed). */
  stop() {
    this.stopped = true;
    this.waiting.clear();
    if (this.reorderTimer) clearTimeout(this.reorderTimer);
    this.reorderTimer = null;
  }

  /** Reads the gap up to `upTo` from the table, after whatever is being delivered. */
  private fill(upTo: number) {
    if (this.stopped) return;
    this.chain = this.chain
      .then(() => this.catchUp(upTo))
      .catch((error: Error) => this.options.log(`realtime: catch-up for ${this.organizationId} failed: ${error.message}`));
  }

  private advance(arrival: Arrival) {
    if (this.stopped) return;
    this.chain = this.chain
      .then(() => this.deliverUpTo(arrival))
      .catch((error: Error) => this.options.log(`realtime: delivery for ${this.organizationId} failed: ${error.message}`));
  }

  private async deliverUpTo(arrival: Arrival) {
    const step = arrivalStep(this.lastDelivered, arrival.id, arrival.message !== null);
    if (step === "drop") return;
    if (step === "deliver") {
      await this.deliver(arrival.message!);
      await this.deliverWaiting();
      return;
    }
    if (arrival.message && this.waiting.size < MAX_WAITING) {
      this.waiting.set(arrival.id, { message: arrival.message, at: Date.now() });
      this.armReorderTimer();
      return;
    }
    await this.catchUp(arrival.id);
    if (arrival.id > this.lastDelivered) {
      // Committed (it was published) yet not in the table: purged while this process was cut off.
      this.resync();
      this.lastDelivered = arrival.id;
      await this.deliverWaiting();
    }
  }

  /** Each waiting message gets its full wait: the gap below the ones whose wait is over is read from the table. */
  private armReorderTimer() {
    if (this.reorderTimer || this.waiting.size === 0 || this.stopped) return;
    const oldest = Math.min(...[...this.waiting.values()].map((entry) => entry.at));
    this.reorderTimer = setTimeout(
      () => {
        this.reorderTimer = null;
        const due = Date.now() - this.options.reorderWaitMs;
        const overdue = [...this.waiting].filter(([, entry]) => entry.at <= due).map(([id]) => id);
        if (overdue.length) this.fill(Math.max(...overdue));
        this.armReorderTimer();
      },
      Math.max(0, oldest + this.options.reorderWaitMs - Date.now()),
    ).unref();
  }

  /** The waiting messages that now follow on, in order. */
  private async deliverWaiting() {
    for (let next = this.waiting.get(this.lastDelivered + 1); next; next = this.waiting.get(this.lastDelivered + 1)) {
      this.waiting.delete(next.message.id);
      await this.deliver(next.message);
    }
    for (const id of this.waiting.keys()) if (id <= this.lastDelivered) this.waiting.delete(id);
    if (this.waiting.size === 0 && this.reorderTimer) {
      clearTimeout(this.reorderTimer);
      this.reorderTimer = null;
    }
  }

  /**
   * Reads what the table holds past our last id up to `upTo` (later rows may
   * still be on their way on the bus), preferring a waiting bus copy of a row:
   * it has the live-only fields.
   */
  private async catchUp(upTo: number) {
    for (let more = true; more; ) {
      const { events } = await readEventsAfter(this.organizationId, this.lastDelivered, CATCH_UP_PAGE);
      const wanted = events.filter((event) => event.id <= upTo);
      if (wanted.length === 0) break;
      if (!continuesFrom(this.lastDelivered, wanted[0].id)) this.resync();
      for (const event of wanted) await this.deliver(this.waiting.get(event.id)?.message ?? event);
      more = wanted.length === CATCH_UP_PAGE;
    }
    // Published yet not in the table: purged while this process was cut off.
    const stranded = [...this.waiting.keys()].filter((id) => id > this.lastDelivered && id <= upTo).sort((a, b) => a - b);
    if (stranded.length) this.resync();
    for (const id of stranded) {
      if (id <= this.lastDelivered) continue;
      this.lastDelivered = id - 1;
      await this.deliverWaiting();
    }
    await this.deliverWaiting();
  }

  /**
   * Writes the event's frame (encoded once for the organization) to every
   * stream, a batch per turn of the event loop: each batch's bytes leave for
   * its sockets before the next batch is prepared, so the first clients get
   * the event without waiting for the whole organization, and the kernel and
   * clients work while we do.
   */
  private async deliver(message: RealtimeMessage) {
    if (this.stopped) return;
    const id = message.id as number;
    this.lastDelivered = id;
    if (this.clients().size === 0) return;
    const frame = eventFrame(message);
    const clients = [...this.clients()];
    const batch = Math.max(1, this.options.fanOutBatch);
    for (let start = 0; start < clients.length; start += batch) {
      if (start > 0) await nextTurn();
      for (const client of clients.slice(start, start + batch)) client.send(frame, id, "event");
    }
    if (message.type === "member.removed") {
      for (const client of [...this.clients()]) if (client.userId === message.data.userId) client.close();
    }
    if (message.type === "organization.deleted") {
      for (const client of [...this.clients()]) client.close();
    }
  }

  private resync() {
    const frame = resyncFrame("gap");
    for (const client of this.clients()) client.send(frame, null, "resync");
  }
}
