import { openSecret, sealSecret } from "~/utils/secret-box.server";

/** Its own purpose, so a WhatsApp ciphertext copied into this column does not open. */
const AUTH_TOKEN_PURPOSE = "twilio.auth_token";

export function sealTwilioAuthToken(plain: string) {
  return sealSecret(plain, AUTH_TOKEN_PURPOSE);
}

export function openTwilioAuthToken(sealed: string) {
  return openSecret(sealed, AUTH_TOKEN_PURPOSE);
}
