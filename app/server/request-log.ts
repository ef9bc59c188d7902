import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { runWithWorkContext, type WorkContext } from "~/utils/work-context.server";
import { loggerFor } from "~/utils/logger.server";

const log = loggerFor("web");

// A proxy's or load balancer's id is kept so lines join up across hops, but
// only a short plain token: anything else could forge log fields or headers.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The path as logged: query strings are left out (a webhook verification
 * carries its token there), an invitation link's token is a credential, and a
 * webhook URL's connection key is kept out of logs like one.
 */
export function loggedPath(path: string) {
  return path.replace(/^\/invites\/[^/]+/, "/invites/:token").replace(/^\/webhooks\/([^/]+)\/[^/]+/, "/webhooks/$1/:connectionKey");
}

/**
 * Gives every request an id (echoed in X-Request-Id, stamped on every line
 * logged while serving it) and writes one access line when the response ends:
 * method, path, status, duration, and the organization and user once the
 * auth guard has named them.
 */
export function logRequests(req: Request, res: Response, next: NextFunction) {
  const incoming = req.get("x-request-id");
  const requestId = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  const context: WorkContext = { requestId };
  res.setHeader("X-Request-Id", requestId);
  const started = process.hrtime.bigint();
  res.once("close", () => {
    log.info(
      {
        ...context,
        method: req.method,
        path: loggedPath(req.path),
        status: res.statusCode,
        durationMs: Math.round(Number(process.hrtime.bigint() - started) / 10_000) / 100,
        // The client left before the whole answer was sent (or an event stream ended).
        ...(res.writableFinished ? {} : { aborted: true }),
      },
      "request",
    );
  });
  runWithWorkContext(context, next);
}
