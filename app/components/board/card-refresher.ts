/**
 * Turns live events into as few `/board/cards` requests as possible: ids are
 * collected for a moment, fetched together, one request at a time so answers
 * are applied in the order they were asked, and retried until they land.
 */
import type { CardsRefresh } from "~/lib/board-client";

const GATHER_MS = 25;
const MAX_IDS = 200;
const MAX_RETRY_MS = 10_000;

interface RefresherOptions {
  fetch: (ids: string[]) => Promise<CardsRefresh>;
  /** Applies an answer; false when it no longer fits what is on screen (the ids are asked again). */
  apply: (refresh: CardsRefresh, notes: Map<string, string>) => boolean;
}

export class CardRefresher {
  private queued = new Map<string, string | undefined>();
  private inFlight = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private paused = false;
  private failures = 0;
  private disposed = false;

  constructor(private readonly options: RefresherOptions) {}

  /** Asks for the card's current state; `note` says who changed it ("Ana moveu"). */
  request(leadId: string, note?: string) {
    if (note || !this.queued.has(leadId)) this.queued.set(leadId, note ?? this.queued.get(leadId));
    this.schedule(GATHER_MS);
  }

  /** Whether the card is waiting to be asked for or being asked for. */
  isAsking(leadId: string) {
    return this.queued.has(leadId) || this.inFlight.has(leadId);
  }

  /** Holds answers back (during a drag, so nothing moves under the pointer). */
  pause() {
    this.paused = true;
  }

  resume() {
    this.paused = false;
    this.schedule(0);
  }

  dispose() {
    this.disposed = true;
    clearTimeout(this.timer);
  }

  private schedule(delay: number) {
    if (this.disposed || this.running || this.paused || this.queued.size === 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), delay);
  }

  private async flush() {
    if (this.running || this.paused || this.disposed || this.queued.size === 0) return;
    this.running = true;
    const batch = new Map([...this.queued].slice(0, MAX_IDS));
    for (const id of batch.keys()) this.queued.delete(id);
    this.inFlight = new Set(batch.keys());
    let retryIn = 0;
    try {
      const refresh = await this.options.fetch([...batch.keys()]);
      const notes = new Map([...batch].filter((entry): entry is [string, string] => !!entry[1]));
      if (this.disposed) return;
      if (this.paused || !this.options.apply(refresh, notes)) this.requeue(batch);
      this.failures = 0;
    } catch {
      this.requeue(batch);
      this.failures += 1;
      retryIn = Math.min(MAX_RETRY_MS, 500 * 2 ** this.failures);
    } finally {
      this.running = false;
      this.inFlight = new Set();
    }
    this.schedule(retryIn);
  }

  private requeue(batch: Map<string, string | undefined>) {
    for (const [id, note] of batch) if (!this.queued.has(id)) this.queued.set(id, note);
  }
}
