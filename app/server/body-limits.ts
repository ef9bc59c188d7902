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

export function bodyLimitFor(path: string): number {
  let limit: { prefix: string; bytes: number } | undefined;
  for (const entry of ROUTE_BODY_LIMITS) {
    if (path.startsWith(entry.prefix) && (!limit || entry.prefix.length > limit.prefix.length)) limit = entry;
  }
  return limit?.bytes ?? DEFAULT_BODY_LIMIT;
}
