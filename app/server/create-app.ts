import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import { resolveLocale } from "~/i18n/locale.server";
import { getTranslator } from "~/i18n/translator";
import { watchClientConnection } from "~/utils/client-connection.server";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

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
    // Behind a trusted proxy the public host arrives in X-Forwarded-Host.
    const host = (req.app.get("trust proxy") ? req.get("x-forwarded-host") : undefined) ?? req.get("host");
    try {
      sameOrigin = new URL(origin).host === host;
    } catch {
      sameOrigin = false;
    }
  } else if (fetchSite) {
    sameOrigin = fetchSite === "same-origin" || fetchSite === "none";
  }
  if (sameOrigin) return next();
  // Refused before any session is read: the language comes from the visitor's cookie or browser.
  const locale = resolveLocale({ userLocale: null, cookieHeader: req.get("cookie") ?? null, acceptLanguage: req.get("accept-language") ?? null });
  res.status(403).type("text/plain").send(getTranslator(locale).t("errors.crossSite"));
}

function securityHeaders(_req: Request, res: Response, next: NextFunction) {
  res.set({
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), geolocation=()",
  });
  next();
}

/** The HTTP front of the web role: static assets, guards, and the Remix request handler. */
export function createApp(options: { build: ServerBuild; trustProxy: boolean | number; mode: string }) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy);
  app.use(compression({ filter: (req, res) => !String(res.getHeader("Content-Type") ?? "").startsWith("text/event-stream") && compression.filter(req, res) }));
  app.use(securityHeaders);
  app.use("/build", express.static(path.resolve("public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.resolve("public"), { maxAge: "1h" }));
  app.use(refuseCrossSiteWrites);
  app.all(
    "*",
    createRequestHandler({
      build: options.build,
      mode: options.mode,
      getLoadContext: (req, res) => ({ clientIp: req.ip ?? "", clientConnection: watchClientConnection(res) }),
    }),
  );
  return app;
}
