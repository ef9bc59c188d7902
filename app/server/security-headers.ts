import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

/**
 * Scripts run only if they carry this response's nonce (Remix's own and the
 * inline ENV script); 'strict-dynamic' lets them load the route chunks they
 * import. Styles allow inline because Radix and dnd-kit position elements
 * with style attributes. The realtime stream and fetchers are same-origin.
 */
function contentSecurityPolicy(nonce: string) {
  return [
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join("; ");
}

/** Sets the response's script nonce in `res.locals.cspNonce` for the Remix load context. */
export function securityHeaders(req: Request, res: Response, next: NextFunction) {
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.set({
    "Content-Security-Policy": contentSecurityPolicy(nonce),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), geolocation=()",
  });
  // Only over HTTPS (as the trusted proxy reports it): over plain HTTP the header is meaningless and would be ignored.
  if (req.secure) res.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  next();
}
