import { spawn } from "node:child_process";
import path from "node:path";
import { terminate } from "../support/child-process";
import { freePort } from "../support/redis";

export interface WebProcess {
  url: string;
  pid: number;
  output: string[];
  stop(): Promise<void>;
}

/**
 * A real web role in its own process (`node --import tsx app/server/web.ts`,
 * serving the Remix build in build/), pointed at the test database — and at
 * Redis when `REDIS_URL` is given. Resolves once /healthz answers.
 */
export async function startWebProcess(env: Record<string, string | undefined>): Promise<WebProcess> {
  const port = await freePort();
  const root = process.cwd();
  const child = spawn(path.join(root, "node_modules/.bin/node"), ["--import", "tsx", "app/server/web.ts"], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stdout.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`web process exited (${child.exitCode}):\n${output.join("")}`);
    const healthy = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`web process did not become healthy:\n${output.join("")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    pid: child.pid!,
    output,
    stop: () => terminate(child),
  };
}
