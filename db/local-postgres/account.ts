import { execFileSync } from "node:child_process";
import os from "node:os";
import type { Account } from "./access";
import { LocalPostgresError } from "./errors";

const SERVER_USER = "postgres";

function idOf(flag: "-u" | "-g") {
  return Number(execFileSync("id", [flag, SERVER_USER], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
}

function lookUp(): Account | null {
  try {
    return { uid: idOf("-u"), gid: idOf("-g") };
  } catch {
    return null;
  }
}

/**
 * Who the server runs as: this process's own user, or — as root, which
 * PostgreSQL refuses to be — the `postgres` system user, created when missing.
 */
export function serverAccount(): Account | null {
  if (os.userInfo().uid !== 0) return null;
  const existing = lookUp();
  if (existing) return existing;
  try {
    execFileSync("groupadd", ["--system", "--force", SERVER_USER], { stdio: "ignore" });
    execFileSync("useradd", ["--system", "--gid", SERVER_USER, "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", SERVER_USER], { stdio: "ignore" });
  } catch {
    // reported below
  }
  const created = lookUp();
  if (created) return created;
  throw new LocalPostgresError(
    "Rodando como root, o PostgreSQL embutido precisa do usuário de sistema 'postgres', que não pôde ser criado: crie-o (useradd --system postgres) ou defina DATABASE_URL",
    "Running as root, the embedded PostgreSQL needs the 'postgres' system user, which could not be created: create it (useradd --system postgres) or set DATABASE_URL",
  );
}
