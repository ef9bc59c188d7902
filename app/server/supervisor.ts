import { spawn, type ChildProcess } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";
import { decideRestart, DEFAULT_RESTART_POLICY, type RestartPolicy } from "./restart-policy";

export interface RoleSpec {
  name: string;
  /** Arguments for this Node binary (e.g. `--import tsx worker/index.ts`). */
  args: string[];
  /** Its environment; the launcher's own when not given. */
  env?: NodeJS.ProcessEnv;
}

export interface Supervisor {
  /** SIGTERM every role (SIGKILL after 10 s) and stop restarting them. */
  stop(): Promise<void>;
}

/**
 * Runs each role as a child process and restarts one that dies — with
 * backoff, while the others keep serving — until it crashes too often, then
 * hands over to `onGiveUp` (which stops everything with a clear message).
 */
export function superviseRoles(
  roles: RoleSpec[],
  options: { log: (line: string) => void; onGiveUp: (role: string, crashes: number, windowMs: number) => void; policy?: RestartPolicy },
): Supervisor {
  const policy = options.policy ?? DEFAULT_RESTART_POLICY;
  const running = new Map<string, ChildProcess>();
  const timers = new Set<NodeJS.Timeout>();
  let stopping = false;

  function launch(role: RoleSpec, crashTimes: number[]) {
    const child = spawn(process.execPath, role.args, { stdio: "inherit", env: role.env ?? process.env });
    running.set(role.name, child);
    options.log(`${role.name} started (pid ${child.pid})`);
    child.once("exit", (code, signal) => {
      running.delete(role.name);
      if (stopping) return;
      const now = Date.now();
      crashTimes.push(now);
      const decision = decideRestart(crashTimes, now, policy);
      if (!decision.restart) {
        options.onGiveUp(role.name, decision.crashesInWindow, policy.windowMs);
        return;
      }
      options.log(`${role.name} exited (${signal ?? `code ${code}`}); restarting in ${decision.delayMs / 1000} s`);
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopping) launch(role, crashTimes);
      }, decision.delayMs);
      timers.add(timer);
    });
  }

  for (const role of roles) launch(role, []);

  return {
    async stop() {
      stopping = true;
      for (const timer of timers) clearTimeout(timer);
      const children = [...running.values()];
      for (const child of children) child.kill("SIGTERM");
      const alive = () => children.filter((child) => child.exitCode === null && child.signalCode === null);
      const deadline = Date.now() + 10_000;
      while (alive().length && Date.now() < deadline) await delay(100);
      for (const child of alive()) child.kill("SIGKILL");
    },
  };
}
