import type { ServerResponse } from "node:http";

/**
 * The client's end of one response, for responses that outlive their
 * request (event streams). Remix's `request.signal` is no substitute: it
 * reaches loaders through copies of the request chained by weak references,
 * and once the garbage collector drops a middle copy the disconnect never
 * arrives. These hooks are held by the socket itself.
 */
export interface ClientConnection {
  /** Aborts once the response can no longer be written (client gone or response done). */
  readonly closed: AbortSignal;
  /** Bytes written that the socket has not taken yet: grows while the client stops reading. */
  unsentBytes(): number;
  /** Resolves once the socket has taken what was buffered, or the connection is gone. */
  drained(): Promise<void>;
  /** Cuts the connection, freeing what is buffered for it (a clean end would wait for the client to read it all). */
  drop(): void;
}

export function watchClientConnection(res: ServerResponse): ClientConnection {
  const closed = new AbortController();
  res.once("close", () => closed.abort());
  return {
    closed: closed.signal,
    unsentBytes: () => res.writableLength,
    drained: () => {
      if (!res.writableNeedDrain || res.destroyed) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = () => {
          res.off("drain", done);
          res.off("close", done);
          resolve();
        };
        res.once("drain", done);
        res.once("close", done);
      });
    },
    drop: () => res.destroy(),
  };
}
