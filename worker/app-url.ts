import type { Env } from "~/utils/env.server";

/** The public base URL for links in e-mails. */
export function appUrl(env: Env) {
  return (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
}
