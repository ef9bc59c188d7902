import net, { type AddressInfo, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeOrm } from "~/utils/db.server";
import { resetEnv } from "~/utils/env.server";
import { TestClient } from "../support/client";
import { TEST_SECRETS } from "../support/cluster";
import { useTestServer } from "../support/server";

async function listen(server: net.Server) {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** A port that nothing listens on: connections are refused at once. */
async function closedPort() {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Accepts connections and never answers, like a database that hangs. */
async function silentServer() {
  const sockets = new Set<Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const port = await listen(server);
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Points the app at another database: env and ORM are cached per process, so both are dropped. */
async function useDatabaseUrl(url: string) {
  await closeOrm();
  process.env.DATABASE_URL = url;
  resetEnv();
}

const databaseAt = (port: number) => `postgres://loved_app:unused@127.0.0.1:${port}/loved`;

describe("/healthz with the database down", () => {
  const savedEnv = { ...process.env };
  let silent: Awaited<ReturnType<typeof silentServer>> | undefined;

  beforeAll(async () => {
    Object.assign(process.env, TEST_SECRETS);
    delete process.env.DATABASE_OWNER_URL;
    await useDatabaseUrl(databaseAt(await closedPort()));
  });

  afterAll(async () => {
    // Cut the hung connection first, or closing the ORM's pool would wait for it.
    await silent?.close();
    await closeOrm().catch(() => {});
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
    resetEnv();
  });

  const server = useTestServer();

  it("answers 503 when the database refuses connections", async () => {
    const response = await new TestClient(server).get("/healthz");
    expect(response.status).toBe(503);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(JSON.parse(response.body)).toEqual({ status: "unavailable" });
  });

  it("answers 503 instead of hanging when the database never replies", async () => {
    silent = await silentServer();
    await useDatabaseUrl(databaseAt(silent.port));

    const response = await new TestClient(server).get("/healthz");
    expect(response.status).toBe(503);
    expect(JSON.parse(response.body)).toEqual({ status: "unavailable" });
  }, 10_000);
});
