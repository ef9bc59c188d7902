import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { receiveWhatsAppWebhook } from "~/modules/whatsapp/receive-whatsapp-webhook.server";
import { verifyWhatsAppSubscription } from "~/modules/whatsapp/verify-whatsapp-subscription.server";

const PLAIN = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };
// Meta's challenge is a short number; anything else is not echoed back.
const challengeSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);

/** Meta's verification of the callback URL: the challenge back as plain text, or 403. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const query = new URL(request.url).searchParams;
  const challenge = challengeSchema.safeParse(query.get("hub.challenge"));
  const answer = await verifyWhatsAppSubscription({
    connectionKey: params.connectionKey ?? "",
    mode: query.get("hub.mode"),
    token: query.get("hub.verify_token"),
    challenge: challenge.success ? challenge.data : null,
  });
  return answer === null ? new Response("Forbidden", { status: 403, headers: PLAIN }) : new Response(answer, { status: 200, headers: PLAIN });
}

/** A delivery: 401 unsigned or wrongly signed, 404 for a key that names no connection, else 200 once it is in the inbox. */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Method Not Allowed", { status: 405, headers: { ...PLAIN, Allow: "GET, POST" } });
  const outcome = await receiveWhatsAppWebhook({
    connectionKey: params.connectionKey ?? "",
    rawBody: Buffer.from(await request.arrayBuffer()),
    signature: request.headers.get("x-hub-signature-256"),
  });
  if (outcome === "unknown-connection") return new Response("Not Found", { status: 404, headers: PLAIN });
  if (outcome === "bad-signature") return new Response("Invalid signature", { status: 401, headers: PLAIN });
  return new Response("OK", { status: 200, headers: PLAIN });
}
