import { chmodSync, mkdirSync } from "node:fs";

/**
 * A directory only this user can enter (0700): the data directory holds the
 * generated secrets, the database and the mail outbox (invitation links).
 * Created so, and tightened if it already existed with a wider mode.
 */
export function ensurePrivateDir(dir: string) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    chmodSync(dir, 0o700);
  } catch (error) {
    // Someone else's directory (a mounted volume) keeps the mode its owner gave it.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") throw error;
  }
}

/** Files only this user can read, created so (`wx`: never over an existing file). */
export const PRIVATE_FILE = { mode: 0o600, flag: "wx" } as const;
