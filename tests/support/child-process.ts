import { once } from "node:events";
import type { ChildProcess, Serializable } from "node:child_process";

/** SIGTERM, then SIGKILL when it has not exited after `graceMs`; resolves once the process is gone. */
export async function terminate(child: ChildProcess, graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const killer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(killer);
}

/** Sends `message` over the child's IPC channel and waits for its reply; rejects if the child exits first. */
export function ask<T>(child: ChildProcess, message: Serializable): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`child process exited (${code}) before answering`));
    child.once("exit", onExit);
    child.once("message", (reply) => {
      child.off("exit", onExit);
      resolve(reply as T);
    });
    child.send(message);
  });
}
