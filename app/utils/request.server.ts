import type { AppLoadContext } from "@remix-run/node";

export interface RequestMeta {
  ipAddress: string;
  userAgent: string | null;
}

/** Client address as the HTTP server resolved it (honouring TRUST_PROXY), plus the user agent. */
export function getRequestMeta(request: Request, context: AppLoadContext): RequestMeta {
  return {
    ipAddress: typeof context.clientIp === "string" && context.clientIp ? context.clientIp : "unknown",
    userAgent: request.headers.get("user-agent")?.slice(0, 500) ?? null,
  };
}

/** A same-site path to return to after login; anything else falls back to `fallback`. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/") {
  if (typeof to !== "string" || !to.startsWith("/")) return fallback;
  // Resolve it the way a browser will (tabs and newlines dropped, a backslash read as "/"),
  // so "/\t/evil.test" cannot pass for a path and land on "//evil.test".
  const base = new URL("http://localhost");
  const url = URL.canParse(to, base) ? new URL(to, base) : null;
  if (!url || url.origin !== base.origin) return fallback;
  return url.pathname + url.search + url.hash;
}
