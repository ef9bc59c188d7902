import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import { watchClientConnection } from "~/utils/client-connection.server";
import type { TrustProxy } from "~/utils/env.server";
import { clientAddress } from "./client-address";
import { answerErrors } from "./error-handler";
import { answerPlain } from "./plain-answer";
import { createRemixHandler, refuseDeclaredOversize } from "./remix-handler";
import { logRequests } from "./request-log";
import { securityHeaders } from "./security-headers";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The origin (scheme, host, port) this request was addressed to, as the browser saw it. */
function expectedOrigin(req: Request): string | null {
  // Behind a trusted proxy the public host arrives in X-Forwarded-Host (req.protocol already honours X-Forwarded-Proto).
  const fromTrustedProxy = (req.app.get("trust proxy fn") as (address: string | undefined, hop: number) => boolean)(req.socket.remoteAddress, 0);
  const host = (fromTrustedProxy ? req.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined) || req.get("host");
  const href = `${req.protocol}://${host}`;
  return host && URL.canParse(href) ? new URL(href).origin : null;
}

/**
 * Cross-site form posts are refused: a state-changing request must come from
 * our own origin. Browsers always send Origin on POST; requests without it
 * (curl, server-to-server webhooks) carry no ambient cookies worth forging.
 */
export function refuseCrossSiteWrites(req: Request, res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method)) return next();
  const origin = req.get("origin");
  const fetchSite = req.get("sec-fetch-site");
  let sameOrigin = true;
  if (origin) {
    const expected = expectedOrigin(req);
    sameOrigin = expected !== null && URL.canParse(origin) && new URL(origin).origin === expected;
  } else if (fetchSite) {
    sameOrigin = fetchSite === "same-origin" || fetchSite === "none";
  }
  if (sameOrigin) return next();
  answerPlain(req, res, 403, "errors.crossSite");
}

/**
 * The HTTP front of the web role: static assets, guards, and the Remix request
 * handler. `errorDetails` (only `npm run dev`) lets Remix show error messages
 * and stacks; everywhere else they are logged and the visitor sees a generic page.
 */
export function createApp(options: { build: ServerBuild; trustProxy: TrustProxy; errorDetails: boolean }) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy);
  app.use(logRequests);
  app.use(compression({ filter: (req, res) => !String(res.getHeader("Content-Type") ?? "").startsWith("text/event-stream") && compression.filter(req, res) }));
  app.use(securityHeaders);
  app.use(refuseDeclaredOversize);
  app.use("/build", express.static(path.resolve("public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.resolve("public"), { maxAge: "1h" }));
  app.use(refuseCrossSiteWrites);
  app.all(
    "*",
    createRemixHandler({
      build: options.build,
      mode: options.errorDetails ? "development" : "production",
      getLoadContext: (req, res) => ({
        clientIp: clientAddress(req),
        clientConnection: watchClientConnection(res),
        cspNonce: String(res.locals.cspNonce),
      }),
    }),
  );
  app.use(answerErrors);
  return app;
}
