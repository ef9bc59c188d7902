/**
 * How many bytes a request body may carry, by path. Every route gets the
 * default; a route that needs more declares it here, in this one table, so a
 * reviewer sees every exception at once. Longest matching prefix wins.
 */
const KIB = 1024;
const MIB = 1024 * KIB;

export const DEFAULT_BODY_LIMIT = 64 * KIB;

const ROUTE_BODY_LIMITS: readonly { prefix: string; bytes: number }[] = [
  // Provider webhooks (WhatsApp, Twilio, Stripe) post JSON batches bigger than any form.
  { prefix: "/webhooks/", bytes: 1 * MIB },
];

/** Whether the router will see exactly this path: no dot segments, no escapes, no `//` taken for a host. */
function isPlainPath(path: string) {
  if (path.includes("%") || path.includes("\\")) return false;
  try {
    return new URL(path, "http://limits.invalid").pathname === path;
  } catch {
    return false;
  }
}

export function bodyLimitFor(path: string): number {
  // A larger limit is only for a plain path: `/webhooks/../login` must not carry /login a webhook's allowance.
  if (!isPlainPath(path)) return DEFAULT_BODY_LIMIT;
  let limit: { prefix: string; bytes: number } | undefined;
  for (const entry of ROUTE_BODY_LIMITS) {
    if (path.startsWith(entry.prefix) && (!limit || entry.prefix.length > limit.prefix.length)) limit = entry;
  }
  return limit?.bytes ?? DEFAULT_BODY_LIMIT;
}
