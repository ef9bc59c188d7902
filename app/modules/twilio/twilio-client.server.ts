import twilio from "twilio";
import { getEnv } from "~/utils/env.server";

type RequestOptions<TData> = Parameters<InstanceType<typeof twilio.RequestClient>["request"]>[0] & { data?: TData };

const TWILIO_ORIGIN = /^https:\/\/[a-z0-9.-]*twilio\.com(?=\/|$)/i;
/** Twilio answers in well under a second; a request stuck longer fails the job, which retries it. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Where a connection's REST calls go. Demo connections use the loopback
 * stand-in when `npm start` runs one (offline demo); a real connection always
 * talks to TWILIO_API_URL, so a stand-in never receives a customer's token.
 */
export function twilioApiUrlOf(connection: { demo: boolean }): string {
  const env = getEnv();
  const url = connection.demo && env.TWILIO_STAND_IN_URL ? env.TWILIO_STAND_IN_URL : env.TWILIO_API_URL;
  return url.replace(/\/+$/, "");
}

/** Errors where the request may never have left: nothing reached Twilio, asking again is safe. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/**
 * A request to Twilio that got no answer (refused, reset, timed out). Only
 * the code and a message: the transport's own error (axios) carries the
 * request's config, whose `Authorization` header is the account's auth
 * token, and the form with phone numbers; a job that logs `{ err }` must
 * never write those.
 */
export class TwilioTransportError extends Error {
  readonly code: string | null;
  /** True when the request certainly never reached Twilio (so a retry cannot act twice). */
  readonly notSent: boolean;

  constructor(code: string | null) {
    super(`Twilio could not be reached${code ? ` (${code})` : ""}`);
    this.name = "TwilioTransportError";
    this.code = code;
    this.notSent = code !== null && NOT_SENT_CODES.has(code);
  }
}

function transportErrorOf(error: unknown): TwilioTransportError {
  const code = (error as { code?: unknown } | null)?.code;
  return new TwilioTransportError(typeof code === "string" && /^[A-Z_]{2,40}$/.test(code) ? code : null);
}

/**
 * Every Twilio request goes through here. The twilio client has no base-URL
 * option: every request it builds names a `*.twilio.com` host; given
 * another `baseUrl` (a loopback fake in tests, the stand-in in the demo) the
 * same request goes there instead, so the rest of the client's code runs
 * exactly as in production. A request that got no answer throws a
 * TwilioTransportError, never the transport's error (which holds the token).
 */
class LovedRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string | null) {
    super({ timeout: REQUEST_TIMEOUT_MS });
  }

  override async request<TData>(opts: RequestOptions<TData>) {
    try {
      return await super.request<TData>(this.baseUrl === null ? opts : { ...opts, uri: opts.uri.replace(TWILIO_ORIGIN, this.baseUrl) });
    } catch (error) {
      throw transportErrorOf(error);
    }
  }
}

/** The twilio REST client for an account whose API answers at `baseUrl`. */
export function twilioClientAt(baseUrl: string, account: { accountSid: string; authToken: string }) {
  const httpClient = new LovedRequestClient(baseUrl === "https://api.twilio.com" ? null : baseUrl);
  return twilio(account.accountSid, account.authToken, { httpClient });
}

/** The twilio REST client for one connection (plaintext token: open it right before). */
export function twilioClientFor(connection: { accountSid: string; authToken: string; demo: boolean }) {
  return twilioClientAt(twilioApiUrlOf(connection), connection);
}
