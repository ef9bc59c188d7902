import { timingSafeEqual } from "node:crypto";
import { findWhatsAppConnectionByKey } from "./find-whatsapp-connection-by-key.server";

function sameText(a: string, b: string) {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Meta's subscription handshake (GET with `hub.mode`, `hub.verify_token`,
 * `hub.challenge`): the challenge to echo when the mode is `subscribe` and
 * the token is the connection's; null for anything else.
 */
export async function verifyWhatsAppSubscription(input: { connectionKey: string; mode: string | null; token: string | null; challenge: string | null }) {
  if (input.mode !== "subscribe" || !input.token || !input.challenge) return null;
  const connection = await findWhatsAppConnectionByKey(input.connectionKey);
  if (!connection || !sameText(input.token, connection.verifyToken)) return null;
  return input.challenge;
}
