import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";

export interface SystemProgram {
  /** What to call it in messages. */
  name: string;
  /** Where it may already be, first match wins (an unset override is skipped). */
  candidates: (string | undefined)[];
  /** Debian packages that provide it (and what it needs to be useful, e.g. fonts for a browser). */
  packages: string[];
  /** The variable that points at a copy installed elsewhere. */
  overrideVariable: string;
}

export const REDIS_SERVER: SystemProgram = {
  name: "redis-server",
  candidates: [process.env.REDIS_SERVER_PATH, "/usr/bin/redis-server", "/usr/local/bin/redis-server"],
  packages: ["redis-server"],
  overrideVariable: "REDIS_SERVER_PATH",
};

export const CHROMIUM: SystemProgram = {
  name: "Chromium",
  candidates: [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"],
  packages: ["chromium", "fonts-dejavu-core"],
  overrideVariable: "CHROMIUM_PATH",
};

function located(program: SystemProgram) {
  return program.candidates.find((candidate): candidate is string => !!candidate && existsSync(candidate)) ?? null;
}

/** Where the program is, or null; never installs anything (test files call this). */
export function findProgram(program: SystemProgram): string {
  const found = located(program);
  if (found) return found;
  throw new Error(
    `${program.name} not found: the test run installs it with apt-get when run as root on Debian; otherwise run ` +
      `\`sudo apt-get install ${program.packages.join(" ")}\` or set ${program.overrideVariable}.`,
  );
}

/**
 * Real components, brought by the suite itself: on a fresh Debian machine as
 * root (CI, a new box) missing programs come from Debian's packages — never a
 * download from a vendor's site, which these machines cannot reach. Runs once,
 * in the global setup, so parallel test files never race for the apt lock.
 */
export function installMissingPrograms(programs: SystemProgram[], log: (line: string) => void) {
  const missing = programs.filter((program) => !located(program));
  if (!missing.length) return;
  const names = missing.map((program) => program.name).join(", ");
  const packages = missing.flatMap((program) => program.packages);
  if (os.userInfo().uid !== 0 || !existsSync("/usr/bin/apt-get")) {
    throw new Error(
      `${names} missing and this run cannot install ${missing.length > 1 ? "them" : "it"} (it needs root and apt-get): ` +
        `run \`sudo apt-get install ${packages.join(" ")}\`, or set ${missing.map((program) => program.overrideVariable).join(" / ")}.`,
    );
  }
  log(`installing ${packages.join(" ")} with apt-get (first run on this machine)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: ["ignore", "ignore", "inherit"], env });
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...packages], { stdio: ["ignore", "ignore", "inherit"], env });
  for (const program of missing) findProgram(program);
}
