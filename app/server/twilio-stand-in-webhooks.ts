import { createHmac } from "node:crypto";

/**
 * How the Twilio stand-in calls the app: form-encoded requests signed with the
 * account's auth token in X-Twilio-Signature, retried a few times when the app
 * cannot be reached or answers 5xx (it may be restarting), each one logged.
 */

/**
 * Twilio's request signature: base64 HMAC-SHA1, keyed with the auth token,
 * of the full URL followed by every POST parameter's name and value, sorted by
 * name. Written from Twilio's description rather than with the twilio
 * package, so the app's check (which uses the package) is tested against an
 * independent implementation.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const payload = Object.keys(params)
    .sort()
    .reduce((text, name) => text + name + params[name], url);
  return createHmac("sha1", authToken).update(payload, "utf8").digest("base64");
}

export type TwilioCallbackKind =
  /** The call's own TwiML: the number's voice URL, or the Url of a REST-created call. */
  | "voice"
  | "redirect"
  /** `<Number url>`: what the called party hears before being connected. */
  | "whisper"
  | "dial-action"
  | "record-action"
  | "status"
  | "recording-status";

export interface TwilioCallbackEvent {
  kind: TwilioCallbackKind;
  /** The call the request is about (for a recording, the call it belongs to). */
  callSid: string;
  url: string;
  method: "GET" | "POST";
  params: Record<string, string>;
  /** The app's last HTTP status, or null when it could not be reached on any attempt. */
  status: number | null;
  attempts: number;
}

export interface WebhookPolicy {
  attempts: number;
  retryDelayMs: number;
  /** Waits, ending early when the stand-in closes. */
  pause(ms: number): Promise<void>;
  stopped: AbortSignal;
}

const MAX_LOGGED = 2000;

/**
 * Makes one signed request and logs it. Resolves with the answer (body and
 * content type) when the app answered 2xx, or null; never rejects, because an
 * unreachable app is an outcome the call simulation handles like Twilio does
 * (it hangs up).
 */
export async function callApp(
  policy: WebhookPolicy,
  log: TwilioCallbackEvent[],
  authToken: string,
  request: { kind: TwilioCallbackKind; callSid: string; url: string; method: "GET" | "POST"; params: Record<string, string> },
): Promise<{ body: string; contentType: string } | null> {
  const event: TwilioCallbackEvent = { ...request, status: null, attempts: 0 };
  let answer: { body: string; contentType: string } | null = null;
  // GET carries the parameters in the query string, which is then part of the signed URL.
  const target = new URL(request.url);
  if (request.method === "GET") for (const [name, value] of Object.entries(request.params)) target.searchParams.set(name, value);
  const signed = twilioSignature(authToken, target.toString(), request.method === "POST" ? request.params : {});
  while (event.attempts < policy.attempts && !policy.stopped.aborted) {
    event.attempts++;
    try {
      const response = await fetch(target, {
        method: request.method,
        headers: {
          "x-twilio-signature": signed,
          "user-agent": "TwilioProxy/1.1",
          ...(request.method === "POST" ? { "content-type": "application/x-www-form-urlencoded; charset=utf-8" } : {}),
        },
        body: request.method === "POST" ? new URLSearchParams(request.params).toString() : undefined,
        signal: AbortSignal.any([policy.stopped, AbortSignal.timeout(15_000)]),
      });
      const body = await response.text().catch(() => "");
      event.status = response.status;
      if (response.ok) answer = { body, contentType: response.headers.get("content-type") ?? "" };
      // A 4xx is the app's considered answer (a bad signature, say); only outages are worth repeating.
      if (response.status < 500) break;
    } catch {
      // Not listening yet, or the stand-in is closing: the next attempt (if any) decides.
    }
    if (event.attempts < policy.attempts) await policy.pause(policy.retryDelayMs);
  }
  log.push(event);
  if (log.length > MAX_LOGGED) log.splice(0, log.length - MAX_LOGGED);
  return answer;
}
