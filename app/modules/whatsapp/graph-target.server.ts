import { getEnv } from "~/utils/env.server";

/**
 * Where a connection's Graph API calls go. Demo connections use the loopback
 * stand-in when `npm start` runs one (embedded defaults, offline demo); a real
 * connection always talks to the configured Graph URL, so a stand-in can never
 * receive a customer's access token.
 */
export function graphTargetOf(connection: { demo: boolean }): { baseUrl: string; version: string } {
  const env = getEnv();
  const baseUrl = connection.demo && env.WHATSAPP_STAND_IN_URL ? env.WHATSAPP_STAND_IN_URL : env.WHATSAPP_GRAPH_URL;
  return { baseUrl: baseUrl.replace(/\/$/, ""), version: env.WHATSAPP_GRAPH_VERSION };
}
