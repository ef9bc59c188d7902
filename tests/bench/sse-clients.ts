/**
 * A child process of the SSE benchmark holding many raw event-stream
 * connections (node:http, one socket each). Driven over IPC:
 *   { cmd: "open", url, cookies, count, concurrency } → { opened, failed }   (stream i uses cookies[i % n])
 *   { cmd: "await", version, timeoutMs }            → { times: number[], at, missing }
 *   { cmd: "close" }                                → { closed }
 * Times are absolute milliseconds (performance.timeOrigin + now()), the same
 * clock the parent uses for the moment it sent the move.
 */
import http from "node:http";

interface Connection {
  request: http.ClientRequest;
  buffer: string;
  received: Map<number, number>;
}

/** Each version's `at` (the event's transaction start, ms) as the stream carried it. */
const committedAt = new Map<number, number>();

const connections: Connection[] = [];
/** How many connections received each version: checked in O(1) so bookkeeping never delays reading. */
const deliveries = new Map<number, number>();
const waiters = new Set<() => void>();
const now = () => performance.timeOrigin + performance.now();

function openOne(url: string, cookie: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false, headers: { cookie, accept: "text/event-stream" } }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        return resolve(false);
      }
      const connection: Connection = { request, buffer: "", received: new Map() };
      connections.push(connection);
      response.setEncoding("utf8");
      let first = true;
      response.on("data", (chunk: string) => {
        const at = now();
        if (first) {
          first = false;
          resolve(true);
        }
        connection.buffer += chunk;
        let end: number;
        let delivered = false;
        while ((end = connection.buffer.indexOf("\n\n")) >= 0) {
          const frame = connection.buffer.slice(0, end);
          connection.buffer = connection.buffer.slice(end + 2);
          if (!frame.includes("event: lead.moved")) continue;
          const version = /"version":(\d+)/.exec(frame);
          if (version) {
            const key = Number(version[1]);
            connection.received.set(key, at);
            if (!committedAt.has(key)) {
              const stamp = /"at":"([^"]+)"/.exec(frame);
              if (stamp) committedAt.set(key, Date.parse(stamp[1]));
            }
            deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
            delivered = true;
          }
        }
        if (delivered) for (const waiter of waiters) waiter();
      });
    });
    request.on("error", () => resolve(false));
  });
}

async function open(url: string, cookies: string[], count: number, concurrency: number) {
  let opened = 0;
  let failed = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const cookie = cookies[next++ % cookies.length] ?? "";
        if (await openOne(url, cookie)) opened++;
        else failed++;
      }
    }),
  );
  return { opened, failed };
}

function awaitVersion(version: number, timeoutMs: number): Promise<{ times: number[]; at: number | null; missing: number }> {
  return new Promise((resolve) => {
    const finish = () => {
      waiters.delete(waiter);
      clearTimeout(timer);
      const times = connections.map((c) => c.received.get(version)).filter((t): t is number => t !== undefined);
      for (const connection of connections) connection.received.delete(version);
      deliveries.delete(version);
      const at = committedAt.get(version) ?? null;
      committedAt.delete(version);
      resolve({ times, at, missing: connections.length - times.length });
    };
    const waiter = () => {
      if ((deliveries.get(version) ?? 0) >= connections.length) finish();
    };
    const timer = setTimeout(finish, timeoutMs);
    waiters.add(waiter);
    waiter();
  });
}

process.on("message", async (message: { cmd: string; url?: string; cookies?: string[]; count?: number; concurrency?: number; version?: number; timeoutMs?: number }) => {
  if (message.cmd === "open") process.send!(await open(message.url!, message.cookies ?? [""], message.count!, message.concurrency ?? 100));
  else if (message.cmd === "await") process.send!(await awaitVersion(message.version!, message.timeoutMs ?? 10_000));
  else if (message.cmd === "close") {
    for (const connection of connections.splice(0)) connection.request.destroy();
    process.send!({ closed: true });
  }
});
