import { openSecret, sealSecret } from "~/utils/secret-box.server";

/** The sealed columns of a connection, each with its own purpose so a ciphertext cannot be moved to another. */
export const WHATSAPP_SECRET_PURPOSES = {
  appSecret: "whatsapp.app_secret",
  verifyToken: "whatsapp.verify_token",
  accessToken: "whatsapp.access_token",
} as const;
export type WhatsAppSecretField = keyof typeof WHATSAPP_SECRET_PURPOSES;

export function sealWhatsAppSecret(field: WhatsAppSecretField, plain: string) {
  return sealSecret(plain, WHATSAPP_SECRET_PURPOSES[field]);
}

export function openWhatsAppSecret(field: WhatsAppSecretField, sealed: string) {
  return openSecret(sealed, WHATSAPP_SECRET_PURPOSES[field]);
}
