export interface SseEvent {
  /** The `id:` of this event, or null when it had none (presence, resync). */
  id: string | null;
  event: string;
  data: string;
}

export interface SseOpenOptions {
  cookie?: string;
  lastEventId?: string | number | null;
  headers?: Record<string, string>;
}

/**
 * A Server-Sent Events client over fetch, parsing the stream the way
 * EventSource does (`id:`, `event:`, `data:`, `retry:`, comment lines; a blank
 * line dispatches), but keeping everything for assertions and never
 * reconnecting by itself: tests decide when and with which Last-Event-ID.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  retry: number | null = null;
  /** Last `id:` seen, like EventSource's lastEventId (what a reconnect sends). */
  lastEventId: string | null = null;
  /** Resolves when the server ends the stream (or the connection drops). */
  readonly ended: Promise<void>;
  endedByServer = false;
  private readonly cursors = new Map<string, number>();
  private waiters: { check: () => boolean; resolve: () => void }[] = [];
  private markEnded!: () => void;

  private constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {
    this.ended = new Promise((resolve) => (this.markEnded = resolve));
  }

  static async open(url: string, options: SseOpenOptions = {}): Promise<SseClient> {
    const headers = new Headers(options.headers);
    headers.set("accept", "text/event-stream");
    if (options.cookie) headers.set("cookie", options.cookie);
    if (options.lastEventId !== undefined && options.lastEventId !== null) headers.set("last-event-id", String(options.lastEventId));
    const abort = new AbortController();
    const response = await fetch(url, { headers, redirect: "manual", signal: abort.signal });
    const client = new SseClient(response, abort);
    if (response.ok && response.body) void client.pump(response.body);
    else {
      await response.body?.cancel().catch(() => {});
      client.finish(false);
    }
    return client;
  }

  get status() {
    return this.response.status;
  }

  /** Events with an id, as numbers, in arrival order. */
  get ids(): number[] {
    return this.events.filter((event) => event.id !== null).map((event) => Number(event.id));
  }

  ofType(type: string) {
    return this.events.filter((event) => event.event === type);
  }

  json<T = Record<string, unknown>>(event: SseEvent): T {
    return JSON.parse(event.data) as T;
  }

  /** Resolves once `check` holds (re-checked after every frame); rejects after `timeoutMs`. */
  until(check: () => boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`SSE: timed out waiting for ${what}; got ${this.events.length} events: ${JSON.stringify(this.events.slice(-5))}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** The next event of `type` not yet returned by `next` (waits for it if needed). */
  async next(type: string, timeoutMs = 10_000): Promise<SseEvent> {
    const index = this.cursors.get(type) ?? 0;
    await this.until(() => this.ofType(type).length > index, timeoutMs, `a "${type}" event`);
    this.cursors.set(type, index + 1);
    return this.ofType(type)[index];
  }

  close() {
    this.abort.abort();
  }

  private finish(byServer: boolean) {
    this.endedByServer = byServer;
    this.markEnded();
    this.notify();
  }

  private notify() {
    for (const waiter of [...this.waiters]) {
      if (waiter.check()) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve();
      }
    }
  }

  private async pump(body: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder();
    let buffer = "";
    let id: string | null = null;
    let hasId = false;
    let event = "";
    let data: string[] = [];
    const reader = body.getReader();
    let byServer = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          byServer = true;
          break;
        }
        buffer += decoder.decode(value, { stream: true });
        let newline: number;
        while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + (buffer.startsWith("\r\n", newline) ? 2 : 1));
          if (line === "") {
            if (data.length > 0) {
              this.events.push({ id: hasId ? id : null, event: event || "message", data: data.join("\n") });
              if (hasId) this.lastEventId = id;
            }
            hasId = false;
            id = null;
            event = "";
            data = [];
            this.notify();
            continue;
          }
          if (line.startsWith(":")) {
            this.comments.push(line.slice(1).trim());
            this.notify();
            continue;
          }
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          let value = colon < 0 ? "" : line.slice(colon + 1);
          if (value.startsWith(" ")) value = value.slice(1);
          if (field === "id") {
            id = value;
            hasId = true;
          } else if (field === "event") event = value;
          else if (field === "data") data.push(value);
          else if (field === "retry" && /^\d+$/.test(value)) this.retry = Number(value);
        }
      }
    } catch {
      // aborted by the test, or the connection dropped
    }
    this.finish(byServer);
  }
}
