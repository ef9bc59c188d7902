import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { afterAll, beforeAll } from "vitest";
import { findProgram, REDIS_SERVER } from "./debian-packages";

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function waitUntilReady(child: ChildProcess, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => fail(new Error(`redis-server on port ${port} did not start in 10 s:\n${output}`)), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        cleanup();
        resolve();
      }
    };
    const onExit = (code: number | null) => fail(new Error(`redis-server on port ${port} exited (${code}):\n${output}`));
    function cleanup() {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
    }
    function fail(error: Error) {
      cleanup();
      child.kill("SIGKILL");
      reject(error);
    }
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
  });
}

/** A throwaway Redis on a free loopback port: nothing persisted, gone when stopped. */
export async function startRedis(): Promise<RedisServer> {
  const binary = findProgram(REDIS_SERVER);
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(
      binary,
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", "/tmp", "--loglevel", "notice"],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      await waitUntilReady(child, port);
    } catch (error) {
      // Another process may have taken the port between probe and start.
      if (attempt < 3) continue;
      throw error;
    }
    child.stdout?.resume();
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      stop: () =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        }),
    };
  }
}

/** One Redis per test file (started in beforeAll); `url` is set by the time tests run. */
export function useTestRedis(): { url: string; port: number } {
  const handle = { url: "", port: 0 };
  let server: RedisServer | null = null;
  beforeAll(async () => {
    server = await startRedis();
    handle.url = server.url;
    handle.port = server.port;
  });
  afterAll(async () => {
    await server?.stop();
  });
  return handle;
}
