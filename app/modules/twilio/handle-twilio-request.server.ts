import { verifyTwilioRequest, type VerifiedTwilioRequest } from "./verify-twilio-request.server";

const PLAIN = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };
const XML = { "Content-Type": "text/xml; charset=utf-8", "Cache-Control": "no-store" };

/** What a Twilio route does once the request is verified: TwiML to answer with, or null for a plain 200. */
export type TwilioHandler = (request: VerifiedTwilioRequest) => Promise<string | null>;

/**
 * The one way into every Twilio route: POST only; 410 for a deleted
 * organization's URL (before anything else); 404 for a key that names no
 * connection, 401 for a bad signature or another account's SID (nothing
 * stored); then the handler, whose TwiML is answered as XML.
 */
export async function handleTwilioRequest(request: Request, connectionKey: string, handler: TwilioHandler): Promise<Response> {
  if (request.method !== "POST") return new Response("Method Not Allowed", { status: 405, headers: { ...PLAIN, Allow: "POST" } });
  const url = new URL(request.url);
  const verified = await verifyTwilioRequest({
    connectionKey,
    pathAndQuery: `${url.pathname}${url.search}`,
    readBody: async () => Buffer.from(await request.arrayBuffer()),
    signature: request.headers.get("x-twilio-signature"),
  });
  if (verified === "organization-deleted") return new Response("Gone", { status: 410, headers: PLAIN });
  if (verified === "unknown-connection") return new Response("Not Found", { status: 404, headers: PLAIN });
  if (verified === "bad-signature") return new Response("Invalid signature", { status: 401, headers: PLAIN });
  const twiml = await handler(verified);
  return twiml === null ? new Response("OK", { status: 200, headers: PLAIN }) : new Response(twiml, { status: 200, headers: XML });
}

/** Twilio only ever POSTs here. */
export function refuseTwilioGet() {
  return new Response("Method Not Allowed", { status: 405, headers: { ...PLAIN, Allow: "POST" } });
}
