/// <reference types="@remix-run/dev" />
import "@remix-run/node";
import type { ClientEnv } from "./utils/env.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    clientIp: string;
    /** Aborts when the client has gone; long-lived responses (event streams) end on it. */
    responseClosed: AbortSignal;
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
