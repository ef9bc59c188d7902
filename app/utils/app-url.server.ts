import { getEnv, type Env } from "./env.server";

/** The public base URL: links in e-mails, and the URLs providers call back (and sign). */
export function appUrl(env: Env = getEnv()) {
  return (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
}
