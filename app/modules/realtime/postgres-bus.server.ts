import pg from "pg";
import type { BusHandlers, RealtimeBus } from "./bus.server";

const MIN_RETRY_MS = 200;
const MAX_RETRY_MS = 5_000;
/** How the LISTEN connection shows up in pg_stat_activity. */
export const LISTENER_NAME = "loved-realtime-listener";

/**
 * LISTEN/NOTIFY on the app's own database: the embedded default, no Redis
 * needed. One dedicated LISTEN connection per process (opened while some
 * channel is followed); publishes go through a tiny pool. NOTIFY payloads
 * must stay under 8000 bytes, and PostgreSQL delivers notifications to every
 * listener in the same (commit) order.
 */
export function createPostgresBus(url: string, handlers: BusHandlers): RealtimeBus {
  return new PostgresBus(url, handlers);
}

const listenSql = (channel: string) => `listen "${channel.replaceAll('"', "")}"`;
const unlistenSql = (channel: string) => `unlisten "${channel.replaceAll('"', "")}"`;

class PostgresBus implements RealtimeBus {
  readonly kind = "postgres";
  readonly maxPayloadBytes = 7900;
  private readonly channels = new Set<string>();
  private listener: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private publisher: pg.Pool | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs = MIN_RETRY_MS;
  /** The listener connection was lost while channels were followed: catch up once it is back. */
  private lost = false;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly handlers: BusHandlers,
  ) {}

  async publish(channel: string, payload: string) {
    if (this.closed) throw new Error("realtime bus closed");
    if (!this.publisher) {
      this.publisher = new pg.Pool({ connectionString: this.url, max: 2, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
      this.publisher.on("error", (error) => this.handlers.log(`postgres bus publisher: ${error.message}`));
    }
    await this.publisher.query("select pg_notify($1, $2)", [channel, payload]);
  }

  async follow(channel: string) {
    if (this.closed) throw new Error("realtime bus closed");
    this.channels.add(channel);
    const client = await this.connect();
    await client.query(listenSql(channel));
  }

  async unfollow(channel: string) {
    if (!this.channels.delete(channel)) return;
    const client = this.listener;
    if (!client) return;
    if (this.channels.size === 0) {
      this.listener = null;
      await client.end().catch(() => {});
      return;
    }
    await client.query(unlistenSql(channel)).catch(() => {});
  }

  async close() {
    this.closed = true;
    this.channels.clear();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const listener = this.listener ?? (await this.connecting?.catch(() => null));
    this.listener = null;
    await Promise.all([listener?.end().catch(() => {}), this.publisher?.end().catch(() => {})]);
    this.publisher = null;
  }

  private connect(): Promise<pg.Client> {
    if (this.listener) return Promise.resolve(this.listener);
    this.connecting ??= this.open().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async open() {
    const client = new pg.Client({ connectionString: this.url, keepAlive: true, application_name: LISTENER_NAME });
    client.on("notification", (notification) => {
      if (notification.payload !== undefined) this.handlers.onMessage(notification.channel, notification.payload);
    });
    const onLoss = (error?: Error) => this.handleLoss(client, error);
    client.on("error", onLoss);
    client.on("end", () => onLoss());
    await client.connect();
    if (this.closed) {
      await client.end();
      throw new Error("realtime bus closed");
    }
    for (const channel of this.channels) await client.query(listenSql(channel));
    this.listener = client;
    this.retryMs = MIN_RETRY_MS;
    if (this.lost) {
      this.lost = false;
      this.handlers.log("postgres bus: listener reconnected");
      this.handlers.onReconnect();
    }
    return client;
  }

  private handleLoss(client: pg.Client, error?: Error) {
    if (this.listener !== client) return;
    this.listener = null;
    client.end().catch(() => {});
    if (this.closed || this.channels.size === 0) return;
    if (!this.lost) this.handlers.log(`postgres bus: listener lost (${error?.message ?? "connection ended"}); reconnecting`);
    this.lost = true;
    this.scheduleReconnect();
  }

  private scheduleReconnect() {
    if (this.retryTimer || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.closed || this.channels.size === 0 || this.listener) return;
      this.connect().catch(() => {
        this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
        this.scheduleReconnect();
      });
    }, this.retryMs);
    this.retryTimer.unref();
  }
}
