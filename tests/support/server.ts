import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll } from "vitest";
import { createApp } from "~/server/create-app";
import type { TrustProxy } from "~/utils/env.server";

export interface TestServer {
  url: string;
}

/**
 * The real HTTP stack (Express, origin guard, the built Remix app) on a free
 * loopback port, in this test process so tests can also inspect the database.
 * Call after useTestDatabase(). Configured as `npm start` runs it (no error
 * details); `trustProxy` as TRUST_PROXY would set it; `build` to inject a fault.
 */
export function useTestServer(options: { trustProxy?: TrustProxy; build?: (real: ServerBuild) => ServerBuild } = {}): TestServer {
  const server: TestServer = { url: "" };
  let close: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const real = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
    const build = options.build ? options.build(real) : real;
    const app = createApp({ build, trustProxy: options.trustProxy ?? false, errorDetails: false });
    const listener = app.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => listener.once("listening", () => resolve()));
    server.url = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
    close = () =>
      new Promise<void>((resolve) => {
        listener.closeAllConnections();
        listener.close(() => resolve());
      });
  });
  afterAll(() => close());
  return server;
}
