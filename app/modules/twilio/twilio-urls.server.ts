import { appUrl } from "~/utils/app-url.server";

/**
 * The public URLs Twilio calls for a connection, built from APP_URL (never a
 * request's Host: behind a proxy that is not what Twilio signed). Our own
 * query parameters (`callId`, `leg`, `step`, `attempt`) are part of the
 * signed URL, so Twilio's callbacks carry them back unforgeable.
 */
export function twilioUrl(connectionKey: string, path: string, query: Record<string, string> = {}) {
  const search = new URLSearchParams(query).toString();
  return `${appUrl()}/webhooks/twilio/${encodeURIComponent(connectionKey)}/${path}${search ? `?${search}` : ""}`;
}
