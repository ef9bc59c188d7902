import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream, type RenderToPipeableStreamOptions } from "react-dom/server";
import { NonceContext } from "~/components/nonce";
import { loggerFor } from "~/utils/logger.server";

const log = loggerFor("web");

const ABORT_DELAY = 5_000;

/**
 * Remix's default Node entry, plus the CSP nonce on every script React and
 * Remix emit (hydration data, streamed chunks, and those the root renders).
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  // Crawlers get the whole document at once; browsers get the shell as soon as it is ready.
  const readyEvent: keyof RenderToPipeableStreamOptions = isbot(request.headers.get("user-agent")) || remixContext.isSpaMode ? "onAllReady" : "onShellReady";
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
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
 * Every unexpected loader, action or render error: logged on the server with
 * the request it broke. The response shows a generic page (Remix sanitizes
 * outside development); an aborted request is the client leaving.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  // A refused request (405, 404, a thrown 4xx) is the client's mistake, not a fault to log.
  if (request.signal.aborted || (isRouteErrorResponse(error) && error.status < 500)) return;
  log.error({ err: error, method: request.method }, "request failed");
};
