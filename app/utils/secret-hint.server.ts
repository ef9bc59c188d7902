import { SecretBoxError } from "./secret-box.server";

/**
 * The last 4 characters of a sealed secret, so an admin can tell which
 * credential is stored; null when it no longer opens (ENCRYPTION_KEY
 * changed): the page asks for it anew. `open` is the secret's own opener.
 */
export function secretHint(open: (sealed: string) => string, sealed: string): string | null {
  try {
    return open(sealed).slice(-4);
  } catch (error) {
    if (error instanceof SecretBoxError) return null;
    throw error;
  }
}
