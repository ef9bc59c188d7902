/// <reference types="@remix-run/dev" />
import "@remix-run/node";
import type { ClientConnection } from "./utils/client-connection.server";
import type { ClientEnv } from "./utils/env.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    clientIp: string;
    /** The socket's side of the response, for event streams (disconnects, back-pressure). */
    clientConnection: ClientConnection;
    /** This response's Content-Security-Policy script nonce. */
    cspNonce: string;
  }
  interface Future {
    v3_singleFetch: true;
  }
}

declare global {
  interface Window {
    ENV: ClientEnv;
  }
}
