import { Redis } from "ioredis";
import type { BusHandlers, RealtimeBus } from "./bus.server";

/**
 * Redis pub/sub: what production uses once there are several web nodes.
 * Redis hands every subscriber a channel's messages in the order it received
 * them. The subscriber connection re-subscribes itself after a reconnect and
 * only then reports it, so the hub's catch-up read cannot miss a message
 * published in between.
 */
export function createRedisBus(url: string, handlers: BusHandlers): RealtimeBus {
  return new RedisBus(url, handlers);
}

class RedisBus implements RealtimeBus {
  readonly kind = "redis";
  readonly maxPayloadBytes = 1024 * 1024;
  private readonly channels = new Set<string>();
  private subscriber: Redis | null = null;
  private publisher: Redis | null = null;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly handlers: BusHandlers,
  ) {}

  async publish(channel: string, payload: string) {
    if (this.closed) throw new Error("realtime bus closed");
    if (!this.publisher) {
      // The publish queue waits for each publish: fail soon while Redis is away, so what queued behind it is
      // dropped rather than held (subscribers fill gaps from the table).
      this.publisher = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 1, commandTimeout: 5_000 });
      this.publisher.on("error", (error: Error) => this.handlers.log(`redis bus publisher: ${error.message}`));
    }
    await this.publisher.publish(channel, payload);
  }

  async follow(channel: string) {
    if (this.closed) throw new Error("realtime bus closed");
    this.channels.add(channel);
    await this.getSubscriber().subscribe(channel);
  }

  async unfollow(channel: string) {
    if (!this.channels.delete(channel)) return;
    const subscriber = this.subscriber;
    if (!subscriber) return;
    if (this.channels.size === 0) {
      this.subscriber = null;
      subscriber.disconnect();
      return;
    }
    await subscriber.unsubscribe(channel).catch(() => {});
  }

  async close() {
    this.closed = true;
    this.channels.clear();
    this.subscriber?.disconnect();
    this.subscriber = null;
    this.publisher?.disconnect();
    this.publisher = null;
  }

  private getSubscriber() {
    if (this.subscriber) return this.subscriber;
    const subscriber = new Redis(this.url, { lazyConnect: true, autoResubscribe: false, maxRetriesPerRequest: 2 });
    let lost = false;
    subscriber.on("message", (channel: string, payload: string) => this.handlers.onMessage(channel, payload));
    subscriber.on("error", (error: Error) => {
      if (!lost) this.handlers.log(`redis bus subscriber: ${error.message}`);
    });
    subscriber.on("close", () => {
      if (this.subscriber !== subscriber || lost) return;
      lost = true;
      this.handlers.log("redis bus: subscriber lost; reconnecting");
    });
    subscriber.on("ready", () => {
      if (!lost || this.subscriber !== subscriber) return;
      lost = false;
      const channels = [...this.channels];
      const resubscribed = channels.length ? subscriber.subscribe(...channels) : Promise.resolve();
      resubscribed.then(
        () => {
          this.handlers.log("redis bus: subscriber reconnected");
          this.handlers.onReconnect();
        },
        (error: Error) => {
          this.handlers.log(`redis bus: resubscribe failed (${error.message}); reconnecting`);
          subscriber.disconnect(true);
        },
      );
    });
    this.subscriber = subscriber;
    return subscriber;
  }
}
