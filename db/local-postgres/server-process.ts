import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { open, rm } from "node:fs/promises";
import path from "node:path";
import type { Account } from "./access";
import type { PostgresBinaries } from "./binaries";
import { LocalPostgresError } from "./errors";

// PostgreSQL's own messages stay in English whatever the machine's locale; we parse some of them.
const ENV = { ...process.env, LC_ALL: "C.UTF-8", LC_MESSAGES: "C" };

function run(binary: string, args: string[], account: Account | null): ChildProcess {
  // cwd "/": the launcher's folder may be one the server account cannot enter.
  return spawn(binary, args, { cwd: "/", env: ENV, stdio: ["ignore", "pipe", "pipe"], ...(account ?? {}) });
}

function failure(what: string, output: string) {
  const detail = output.trim().split("\n").filter(Boolean).slice(-3).join(" | ");
  return new LocalPostgresError(
    `O PostgreSQL embutido falhou ao ${what === "initdb" ? "criar o banco" : "iniciar"}: ${detail}`,
    `The embedded PostgreSQL failed to ${what === "initdb" ? "create its cluster" : "start"}: ${detail}`,
  );
}

/** Creates the cluster with a password-protected superuser `postgres`. */
export async function initCluster(options: {
  binaries: PostgresBinaries;
  dataDir: string;
  account: Account | null;
  superuserPassword: string;
}) {
  // The password file sits beside the cluster, readable only by the server account, for initdb's few milliseconds.
  const passwordFile = path.join(path.dirname(options.dataDir), `.pwfile-${randomBytes(6).toString("hex")}`);
  // Created exclusively (never through an existing file or link) and handed over through its own handle.
  const handle = await open(passwordFile, "wx", 0o600);
  try {
    await handle.writeFile(`${options.superuserPassword}\n`);
    if (options.account) await handle.chown(options.account.uid, options.account.gid);
  } finally {
    await handle.close();
  }
  try {
    const child = run(
      options.binaries.initdb,
      [`--pgdata=${options.dataDir}`, "--auth=scram-sha-256", "--username=postgres", `--pwfile=${passwordFile}`, "--encoding=UTF8", "--locale=C.UTF-8"],
      options.account,
    );
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => {
      child.once("error", (error) => {
        output += error.message;
        resolve(-1);
      });
      child.once("close", resolve);
    });
    if (code !== 0) throw failure("initdb", output);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

export interface RunningServer {
  stop(): Promise<void>;
}

/** Runs the postmaster until stop(); resolves once it accepts connections. */
export async function startServer(options: {
  binaries: PostgresBinaries;
  dataDir: string;
  account: Account | null;
  port: number;
  settings: Record<string, string>;
}): Promise<RunningServer> {
  const settings = Object.entries(options.settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]);
  const child = run(options.binaries.postgres, ["-D", options.dataDir, "-p", String(options.port), ...settings], options.account);
  // If this process dies without stopping it, take the server down too (immediate shutdown; recovery on next start).
  const killOnExit = () => child.kill("SIGQUIT");
  process.on("exit", killOnExit);
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));

  await new Promise<void>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(failure("start", `${output}\n(not ready after 60 s)`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("database system is ready to accept connections")) {
        clearTimeout(timer);
        child.stderr?.off("data", onData);
        child.stderr?.resume();
        resolve();
      }
    };
    child.stderr?.on("data", onData);
    child.stdout?.resume();
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(failure("start", `${output}\n${error.message}`));
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(failure("start", output));
    });
  }).catch(async (error: unknown) => {
    process.off("exit", killOnExit);
    child.kill("SIGKILL");
    throw error;
  });

  return {
    async stop() {
      process.off("exit", killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGINT"); // fast shutdown: roll back open transactions, checkpoint, exit
      await exited;
    },
  };
}
