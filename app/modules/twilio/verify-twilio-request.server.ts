import twilio from "twilio";
import { appUrl } from "~/utils/app-url.server";
import { findTwilioConnectionByKey } from "./find-twilio-connection-by-key.server";

export interface VerifiedTwilioRequest {
  connection: { id: string; organizationId: string; accountSid: string; authToken: string };
  /** The form Twilio posted (one value per name). */
  params: Record<string, string>;
  /** Our own parameters, from the signed URL. */
  query: URLSearchParams;
}

/**
 * A request that says it comes from Twilio, checked before anything reads it:
 * the connection its URL names, `X-Twilio-Signature` over the public URL
 * (APP_URL + the path and query as requested: behind a proxy the Host is not
 * what Twilio signed) and the posted form, with the connection's auth token,
 * and the form's AccountSid must be the connection's. Anything else is
 * refused the same way, so a guess learns nothing. A deleted organization's
 * URL is refused first, before the body is read or the signature checked.
 */
export async function verifyTwilioRequest(input: {
  connectionKey: string;
  pathAndQuery: string;
  readBody: () => Promise<Buffer>;
  signature: string | null;
}): Promise<VerifiedTwilioRequest | "unknown-connection" | "organization-deleted" | "bad-signature"> {
  const connection = await findTwilioConnectionByKey(input.connectionKey);
  if (connection === "organization-deleted") return connection;
  if (!connection) return "unknown-connection";
  if (!input.signature || input.signature.length > 200) return "bad-signature";
  const params: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams((await input.readBody()).toString("utf8"))) params[name] = value;
  const url = `${appUrl()}${input.pathAndQuery}`;
  if (!twilio.validateRequest(connection.authToken, input.signature, url, params)) return "bad-signature";
  if (params.AccountSid !== connection.accountSid) return "bad-signature";
  return { connection, params, query: new URL(url).searchParams };
}
