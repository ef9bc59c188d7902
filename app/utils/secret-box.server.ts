import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { getEnv } from "./env.server";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed value that does not open: tampered, cut, sealed for another purpose or under another key. */
export class SecretBoxError extends Error {
  constructor(reason: string) {
    super(`sealed secret cannot be opened: ${reason}`);
    this.name = "SecretBoxError";
  }
}

function keyOf() {
  return Buffer.from(getEnv().ENCRYPTION_KEY, "hex");
}

/**
 * Encrypts a provider credential for storage (AES-256-GCM, ENCRYPTION_KEY).
 * `purpose` names the column it is for (`whatsapp.app_secret`) and is
 * authenticated, so a ciphertext copied into another column does not open.
 * The version prefix lets a later key or algorithm coexist with old rows.
 */
export function sealSecret(plain: string, purpose: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyOf(), iv);
  cipher.setAAD(Buffer.from(purpose, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

/** The plaintext of `sealSecret(plain, purpose)`; throws SecretBoxError for anything else. */
export function openSecret(sealed: string, purpose: string): string {
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretBoxError("unknown format");
  const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, "base64url"));
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxError("unknown format");
  const decipher = createDecipheriv("aes-256-gcm", keyOf(), iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(purpose, "utf8"));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("authentication failed (tampered, wrong purpose or wrong key)");
  }
}
