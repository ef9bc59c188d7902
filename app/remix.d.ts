/// <reference types="@remix-run/dev" />
import "@remix-run/node";
import type { ClientEnv } from "./utils/env.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    clientIp: string;
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
