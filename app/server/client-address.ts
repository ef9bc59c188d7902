import { isIP } from "node:net";
import type { Request } from "express";

// The longest textual IPv6 address (IPv4-mapped); longer "addresses" carry zone ids or junk.
const MAX_ADDRESS_LENGTH = 45;

/**
 * The client's address as "trust proxy" resolves it. A forwarded entry that is
 * not an address (a misbehaving proxy, a client that bypassed it with a 10 KB
 * X-Forwarded-For) falls back to the peer's socket address, so rate limits
 * and audit rows always key on a real address.
 */
export function clientAddress(req: Request): string {
  const forwarded = req.ip;
  if (forwarded && forwarded.length <= MAX_ADDRESS_LENGTH && isIP(forwarded)) return forwarded;
  return req.socket.remoteAddress ?? "";
}
