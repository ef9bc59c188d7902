import type { ByteRange } from "./open-file.server";

export type RangeAnswer = { kind: "full" } | { kind: "partial"; range: ByteRange } | { kind: "unsatisfiable" };

const SINGLE_RANGE = /^bytes=(\d{0,15})-(\d{0,15})$/;

/**
 * What a `Range` header asks of a file of `size` bytes (RFC 9110 §14): one
 * range (`a-b`, `a-`, `-n`) is served, one that starts past the end is
 * unsatisfiable, and anything else — several ranges, another unit, a
 * malformed value, an `If-Range` for another version — is ignored in favour
 * of the whole file, as the RFC allows.
 */
export function parseByteRange(header: string | null, size: number, ifRange: string | null, etag: string): RangeAnswer {
  if (header === null || (ifRange !== null && ifRange !== etag)) return { kind: "full" };
  const match = SINGLE_RANGE.exec(header.replace(/\s+/g, ""));
  if (!match || (!match[1] && !match[2])) return { kind: "full" };
  if (!match[1]) {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(match[1]);
  const last = match[2] ? Number(match[2]) : Infinity;
  if (last < start) return { kind: "full" };
  if (start >= size) return { kind: "unsatisfiable" };
  return { kind: "partial", range: { start, end: Math.min(last, size - 1) } };
}
