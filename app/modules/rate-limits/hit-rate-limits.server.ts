import { createHash } from "node:crypto";
import { executeWithoutTenant } from "~/utils/db.server";
import { rateLimited } from "~/utils/refusal.server";
import type { RateLimitPolicy } from "./policies";

/** A policy applied to one subject (an address, an account, a session…). */
export interface RateLimitBucket {
  policy: RateLimitPolicy;
  subject: string;
}

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A bucket's row key: subjects (e-mails, addresses) never reach the table in clear. */
export function rateLimitKeyOf(bucket: RateLimitBucket) {
  return createHash("sha256").update(`${bucket.policy.name}\u0000${bucket.subject}`).digest("hex");
}

// Array literals: every element is hex or an integer, so nothing needs quoting.
const arrayLiteral = (items: Array<string | number>) => `{${items.join(",")}}`;
const keysOf = (buckets: RateLimitBucket[]) => arrayLiteral(buckets.map(rateLimitKeyOf));

/**
 * Counts one hit in each bucket, in order, and stops at the first that is
 * over its limit. Atomic per bucket across every web node (one upsert each in
 * PostgreSQL), and outside any request transaction so a rollback never
 * un-counts a hit.
 */
export async function hitRateLimits(buckets: RateLimitBucket[]): Promise<RateLimitVerdict> {
  const [row] = await executeWithoutTenant<{ allowed: boolean; retry_after: number }>(
    "select allowed, retry_after from rate_limits.hit(?::text[], ?::integer[], ?::integer[])",
    [keysOf(buckets), arrayLiteral(buckets.map((b) => b.policy.limit)), arrayLiteral(buckets.map((b) => b.policy.windowSeconds))],
  );
  return row.allowed ? { allowed: true } : { allowed: false, retryAfterSeconds: row.retry_after };
}

/** Like hitRateLimits, throwing a 429 refusal (with its wait) when refused. */
export async function enforceRateLimits(buckets: RateLimitBucket[]) {
  const verdict = await hitRateLimits(buckets);
  if (!verdict.allowed) throw rateLimited(verdict.retryAfterSeconds);
}

/** Gives one hit back (a reserved attempt that turned out not to count). */
export async function refundRateLimits(buckets: RateLimitBucket[]) {
  await executeWithoutTenant("select rate_limits.refund(?::text[])", [keysOf(buckets)]);
}

/** Forgets the buckets entirely (e.g. an account's failures from an address after it signs in there). */
export async function clearRateLimits(buckets: RateLimitBucket[]) {
  await executeWithoutTenant("select rate_limits.clear(?::text[])", [keysOf(buckets)]);
}
