import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "~/components/nonce";
import { loggerFor } from "~/utils/logger.server";

const log = loggerFor("web");

const ABORT_DELAY = 5_000;

/**
 * Remix's Node entry, with the CSP nonce on every script React and Remix emit
 * (hydration data and those the root renders), sending each document whole.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        // Nothing on our pages streams in later (no deferred data), so the whole
        // document is rendered first and sent as one buffer: one pass through
        // gzip and one socket write instead of hundreds of small chunks, which
        // cost more CPU than rendering the cards did.
        onAllReady() {
          shellRendered = true;
          responseHeaders.set("Content-Type", "text/html");
          pipe(collectDocument((body) => resolve(new Response(body, { headers: responseHeaders, status: responseStatusCode }))));
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors before the shell reject and are logged by handleError; later ones only here.
          if (shellRendered) log.error({ err: error }, "render failed after the shell was sent");
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * React 18.3's Node renderer sends its whole 2,048-byte buffer when a
 * multi-byte character does not fit at its end, the unfilled bytes (NUL)
 * included (writeStringChunk); a character is at most 4 bytes, so at most 3.
 */
const REACT_VIEW_SIZE = 2048;
function withoutUnfilledBytes(chunk: Buffer) {
  let end = chunk.length;
  if (end === REACT_VIEW_SIZE) while (end > REACT_VIEW_SIZE - 3 && chunk[end - 1] === 0) end -= 1;
  return chunk.subarray(0, end);
}

/** A sink for React's output that hands over the whole document once React ends it. */
function collectDocument(done: (body: Uint8Array<ArrayBuffer>) => void) {
  const chunks: Buffer[] = [];
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(withoutUnfilledBytes(chunk));
      callback();
    },
    final(callback) {
      done(new Uint8Array(Buffer.concat(chunks)));
      callback();
    },
  });
}

/**
 * Every unexpected loader, action or render error: logged on the server with
 * the request it broke. The response shows a generic page (Remix sanitizes
 * outside development); an aborted request is the client leaving.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  // A refused request (405, 404, a thrown 4xx) is the client's mistake, not a fault to log.
  if (request.signal.aborted || (isRouteErrorResponse(error) && error.status < 500)) return;
  log.error({ err: error, method: request.method }, "request failed");
};
