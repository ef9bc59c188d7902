import { randomBytes } from "node:crypto";
import { constants, existsSync, lstatSync, realpathSync } from "node:fs";
import { chmod, mkdir, open, rm, symlink } from "node:fs/promises";
import path from "node:path";
import { canReach, type Account } from "./access";
import { SHARED_ROOT } from "./binaries";
import { LocalPostgresError } from "./errors";

function linkTarget(requested: string): string | null {
  try {
    if (!lstatSync(requested).isSymbolicLink()) return null;
  } catch {
    return null;
  }
  return existsSync(requested) ? realpathSync(requested) : null;
}

/**
 * Where the cluster's files really live. Normally the requested directory;
 * when the server account cannot reach it (root's checkout in a 0700 home) a
 * directory of its own under SHARED_ROOT, linked from the requested path so
 * that deleting `.data/` still starts over.
 */
export async function placeDataDir(requested: string, account: Account | null): Promise<string> {
  requested = path.resolve(requested);
  const linked = linkTarget(requested);
  if (linked) return linked;
  await rm(requested, { force: true }).catch(() => {}); // a dangling link from a removed cluster

  let real = requested;
  if (account && !canReach(requested, account)) {
    real = path.join(SHARED_ROOT, "clusters", randomBytes(8).toString("hex"));
    try {
      await mkdir(path.dirname(real), { recursive: true, mode: 0o711 });
      await chmod(SHARED_ROOT, 0o711);
      await chmod(path.dirname(real), 0o711);
    } catch (error) {
      throw new LocalPostgresError(
        `O usuário 'postgres' não alcança ${requested} e ${SHARED_ROOT} não pôde ser criado (${(error as Error).message}): defina DATA_DIR numa pasta acessível ou DATABASE_URL`,
        `The 'postgres' user cannot reach ${requested} and ${SHARED_ROOT} could not be created (${(error as Error).message}): set DATA_DIR to a reachable folder or set DATABASE_URL`,
      );
    }
    await mkdir(path.dirname(requested), { recursive: true });
    await symlink(real, requested);
  }
  await mkdir(real, { recursive: true, mode: 0o700 });
  // Through a handle opened without following links: root must never hand a swapped-in symlink's target to postgres.
  const handle = await open(real, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  try {
    if (account) await handle.chown(account.uid, account.gid);
    await handle.chmod(0o700);
  } finally {
    await handle.close();
  }
  return real;
}

/** Deletes a throwaway cluster's files and the link that pointed at them. */
export async function removeDataDir(requested: string, real: string) {
  await rm(real, { recursive: true, force: true });
  if (real !== path.resolve(requested)) await rm(requested, { force: true });
}
