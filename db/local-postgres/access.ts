import { statSync, type Stats } from "node:fs";
import path from "node:path";

/** The identity a process runs with once it has dropped root (libuv clears supplementary groups). */
export interface Account {
  uid: number;
  gid: number;
}

function mayEnter(stats: Pick<Stats, "uid" | "gid" | "mode">, account: Account) {
  if (account.uid === 0) return true;
  if (stats.uid === account.uid) return (stats.mode & 0o100) !== 0;
  if (stats.gid === account.gid) return (stats.mode & 0o010) !== 0;
  return (stats.mode & 0o001) !== 0;
}

/**
 * Whether `account` can walk down to `target`: every existing directory on the
 * way must let it search. A private home (root's is 0700) fails here, which is
 * why PostgreSQL, running as `postgres`, cannot use a checkout inside it.
 */
export function canReach(
  target: string,
  account: Account,
  stat: (dir: string) => Pick<Stats, "uid" | "gid" | "mode"> | null = statOrNull,
): boolean {
  const dirs: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    dirs.unshift(dir);
    if (dir === path.dirname(dir)) break;
  }
  for (const dir of dirs) {
    const stats = stat(dir);
    if (!stats) return true; // what does not exist yet will be created by us with the right modes
    if (!mayEnter(stats, account)) return false;
  }
  return true;
}

function statOrNull(dir: string) {
  try {
    return statSync(dir);
  } catch {
    return null;
  }
}
