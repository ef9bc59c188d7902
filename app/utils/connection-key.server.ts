import { randomBytes } from "node:crypto";

/**
 * 32 random bytes, URL-safe (43 characters): the path segment that names an
 * integration's connection to its provider's webhooks (WhatsApp, Twilio).
 * Unguessable, so a URL alone reaches nothing the provider did not sign.
 */
export function newConnectionKey() {
  return randomBytes(32).toString("base64url");
}
