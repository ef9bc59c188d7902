import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll } from "vitest";
import { createApp } from "~/server/create-app";

export interface TestServer {
  url: string;
}

/**
 * The real HTTP stack (Express, origin guard, the built Remix app) on a free
 * loopback port, in this test process so tests can also inspect the database.
 * Call after useTestDatabase().
 */
export function useTestServer(): TestServer {
  const server: TestServer = { url: "" };
  let close: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
    const app = createApp({ build, trustProxy: false, mode: "test" });
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
