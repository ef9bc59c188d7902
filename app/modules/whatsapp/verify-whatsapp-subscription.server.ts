import { timingSafeEqual } from "node:crypto";
import { findWhatsAppConnectionByKey } from "./find-whatsapp-connection-by-key.server";

// Meta's challenge is a short number; anything else is not echoed back.
const CHALLENGE = /^[A-Za-z0-9_-]{1,128}$/;

function sameText(a: string, b: string) {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Meta's subscription handshake (GET with `hub.mode`, `hub.verify_token`,
 * `hub.challenge`): the challenge to echo when the mode is `subscribe` and
 * the token is the connection's; "organization-deleted" (answered 410) before
 * anything else is looked at; null for anything else.
 */
export async function verifyWhatsAppSubscription(input: { connectionKey: string; mode: string | null; token: string | null; challenge: string | null }) {
  const connection = await findWhatsAppConnectionByKey(input.connectionKey);
  if (connection === "organization-deleted") return connection;
  if (input.mode !== "subscribe" || !input.token || !input.challenge || !CHALLENGE.test(input.challenge)) return null;
  if (!connection || !sameText(input.token, connection.verifyToken)) return null;
  return input.challenge;
}
