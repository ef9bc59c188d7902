import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { refuseUnsafeAppRole } from "@db/app-role-check";
import { closeOrm } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { loggerFor } from "~/utils/logger.server";
import { closeRealtime } from "~/modules/realtime/realtime.server";
import { createApp } from "./create-app";

const MAX_HEADER_BYTES = 16 * 1024;
const KEEP_ALIVE_MS = 65_000;

const log = loggerFor("web");
const env = getEnv();
await refuseUnsafeAppRole(env.DATABASE_URL, log);
const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
const app = createApp({ build, trustProxy: env.TRUST_PROXY, errorDetails: env.NODE_ENV === "development" });

// Node's default, stated so a NODE_OPTIONS flag cannot raise it: all request headers together, else 431.
const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, app);
// Node closes idle keep-alive connections after 5 s; a rep acts every few tens of seconds, so nearly every
// action paid a new connection and some raced the close (a reset on a reused socket). Above the 60 s idle
// timeout of common load balancers, as they expect of their backends.
server.keepAliveTimeout = KEEP_ALIVE_MS;
// Siblings share the port through SO_REUSEPORT and the kernel spreads connections among them. A lone
// process binds plainly, so a port someone else holds fails with EADDRINUSE instead of being quietly shared.
server.listen({ port: env.PORT, host: env.HOST, reusePort: env.WEB_PROCESSES > 1 }, onListening);
function onListening() {
  log.info({ host: env.HOST ?? "every interface", port: env.PORT }, "listening");
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "closing");
  server.closeIdleConnections();
  // Event streams never finish on their own: end them (browsers reconnect to another node) so close() can.
  await closeRealtime();
  const forced = setTimeout(() => server.closeAllConnections(), 5000);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  clearTimeout(forced);
  await closeOrm();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
