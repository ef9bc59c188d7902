import { spawn } from "node:child_process";
import path from "node:path";
import { terminate } from "./child-process";

export interface WorkerProcess {
  pid: number;
  output: string[];
  stop(): Promise<void>;
}

/**
 * A real worker role in its own process (`node --import tsx worker/index.ts`,
 * as `npm run worker` starts it), with this process's environment (the test
 * database, REDIS_URL when set) plus `env`. Resolves once it logs that it runs.
 */
export async function startWorkerProcess(env: Record<string, string | undefined> = {}): Promise<WorkerProcess> {
  const root = process.cwd();
  const child = spawn(path.join(root, "node_modules/.bin/node"), ["--import", "tsx", "worker/index.ts"], {
    cwd: root,
    // At info at least: the suite runs silent, and readiness is read from the "running" line.
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`worker process did not start in 60 s:\n${output.join("")}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      // The worker logs "running" (pino JSON) once graphile-worker listens for jobs.
      if (output.join("").includes('"msg":"running"')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`worker process exited (${code}):\n${output.join("")}`));
    });
  });
  return { pid: child.pid!, output, stop: () => terminate(child) };
}
