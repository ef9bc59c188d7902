import { setTimeout as delay } from "node:timers/promises";
import type { RealtimeBus } from "./bus.server";

export interface PublishQueueOptions {
  /** Messages waiting for the bus past this are dropped (subscribers read events back from realtime_events). */
  publishQueueLimit: number;
  log(message: string): void;
}

/**
 * This process's way onto the bus: `push` returns at once, so no request
 * waits for Redis or NOTIFY, and one loop hands the messages to the bus in
 * order. When the bus fails, what is queued is dropped rather than retried:
 * events are already committed, and every subscriber reads a missing id back
 * from realtime_events when the next one arrives, at its periodic sweep, or
 * when its own connection comes back. Presence is renewed every few seconds.
 */
export class PublishQueue {
  /** The first message is the one being published. */
  private readonly queue: { channel: string; payload: string }[] = [];
  private draining: Promise<void> | null = null;
  private dropped = 0;

  constructor(
    private readonly bus: RealtimeBus,
    private readonly options: PublishQueueOptions,
  ) {}

  push(channel: string, payload: string) {
    if (this.queue.length >= this.options.publishQueueLimit) {
      if (this.dropped++ === 0) this.options.log("publish queue full; dropping messages until the bus catches up");
      return;
    }
    this.queue.push({ channel, payload });
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
  }

  /** Messages not yet taken by the bus (including the one in flight). */
  get pending() {
    return this.queue.length;
  }

  /** Waits until everything queued has gone out, or `timeoutMs` has passed (shutdown). */
  async flush(timeoutMs: number) {
    if (this.draining) await Promise.race([this.draining, delay(timeoutMs, undefined, { ref: false })]);
  }

  private async drain() {
    while (this.queue.length > 0) {
      const { channel, payload } = this.queue[0];
      try {
        await this.bus.publish(channel, payload);
        this.queue.shift();
      } catch (error) {
        const lost = this.queue.splice(0).length;
        this.options.log(`publish failed (${lost} message${lost === 1 ? "" : "s"} dropped): ${error instanceof Error ? error.message : String(error)}`);
      }
      if (this.dropped > 0 && this.queue.length === 0) {
        this.options.log(`publish queue drained; ${this.dropped} message(s) had been dropped`);
        this.dropped = 0;
      }
    }
  }
}
