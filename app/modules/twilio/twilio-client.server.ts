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

/**
 * The twilio client has no base-URL option: every request it builds names a
 * `*.twilio.com` host. This request client sends the same request to
 * `baseUrl` instead (a loopback fake in tests, the stand-in in the demo),
 * so the rest of the client's code runs exactly as in production.
 */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ timeout: REQUEST_TIMEOUT_MS });
  }

  override request<TData>(opts: RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: opts.uri.replace(TWILIO_ORIGIN, this.baseUrl) });
  }
}

/** The twilio REST client for an account whose API answers at `baseUrl`. */
export function twilioClientAt(baseUrl: string, account: { accountSid: string; authToken: string }) {
  const httpClient = baseUrl === "https://api.twilio.com" ? new twilio.RequestClient({ timeout: REQUEST_TIMEOUT_MS }) : new RebasedRequestClient(baseUrl);
  return twilio(account.accountSid, account.authToken, { httpClient });
}

/** The twilio REST client for one connection (plaintext token: open it right before). */
export function twilioClientFor(connection: { accountSid: string; authToken: string; demo: boolean }) {
  return twilioClientAt(twilioApiUrlOf(connection), connection);
}
