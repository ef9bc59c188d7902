import { createHmac, timingSafeEqual } from "node:crypto";

const PREFIX = "sha256=";
// A SHA-256 HMAC in hex: anything else in the header cannot match, so it is refused before comparing.
const HEX_DIGEST = /^[0-9a-f]{64}$/i;

/** The `X-Hub-Signature-256` value Meta sends: an HMAC of the raw body bytes with the app secret. */
export function signWhatsAppBody(rawBody: Buffer | string, appSecret: string): string {
  return PREFIX + createHmac("sha256", appSecret).update(rawBody).digest("hex");
}

/**
 * Whether `header` signs exactly these bytes. Meta signs the raw body, never
 * re-serialized JSON, so callers pass the bytes as received. Compared in
 * constant time; a missing or malformed header is simply false.
 */
export function verifyWhatsAppSignature(rawBody: Buffer, header: string | null | undefined, appSecret: string): boolean {
  if (typeof header !== "string" || !header.startsWith(PREFIX)) return false;
  const given = header.slice(PREFIX.length);
  if (!HEX_DIGEST.test(given) || appSecret.length === 0) return false;
  const expected = createHmac("sha256", appSecret).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(given, "hex"), expected);
}
