import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { receiveWhatsAppWebhook } from "~/modules/whatsapp/receive-whatsapp-webhook.server";
import { verifyWhatsAppSubscription } from "~/modules/whatsapp/verify-whatsapp-subscription.server";

const PLAIN = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };

const GONE = () => new Response("Gone", { status: 410, headers: PLAIN });

/** Meta's verification of the callback URL: the challenge back as plain text, 410 for a deleted organization, or 403. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const query = new URL(request.url).searchParams;
  const answer = await verifyWhatsAppSubscription({
    connectionKey: params.connectionKey ?? "",
    mode: query.get("hub.mode"),
    token: query.get("hub.verify_token"),
    challenge: query.get("hub.challenge"),
  });
  if (answer === "organization-deleted") return GONE();
  return answer === null ? new Response("Forbidden", { status: 403, headers: PLAIN }) : new Response(answer, { status: 200, headers: PLAIN });
}

/**
 * A delivery: 410 for a deleted organization (before the body or signature is
 * looked at), 404 for a key that names no connection, 401 unsigned or wrongly
 * signed, else 200 once it is in the inbox.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Method Not Allowed", { status: 405, headers: { ...PLAIN, Allow: "GET, POST" } });
  const outcome = await receiveWhatsAppWebhook({
    connectionKey: params.connectionKey ?? "",
    readBody: async () => Buffer.from(await request.arrayBuffer()),
    signature: request.headers.get("x-hub-signature-256"),
  });
  if (outcome === "organization-deleted") return GONE();
  if (outcome === "unknown-connection") return new Response("Not Found", { status: 404, headers: PLAIN });
  if (outcome === "bad-signature") return new Response("Invalid signature", { status: 401, headers: PLAIN });
  return new Response("OK", { status: 200, headers: PLAIN });
}
