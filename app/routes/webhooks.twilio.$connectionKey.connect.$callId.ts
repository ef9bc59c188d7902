import type { ActionFunctionArgs } from "@remix-run/node";
import { answerConnectTwiml } from "~/modules/twilio/answer-connect-twiml.server";
import { handleTwilioRequest, refuseTwilioGet } from "~/modules/twilio/handle-twilio-request.server";

export const loader = refuseTwilioGet;

/** Click-to-call: the rep answered (dial the lead), the notice the lead hears, or the dial's end. TwiML. */
export async function action({ request, params }: ActionFunctionArgs) {
  const connectionKey = params.connectionKey ?? "";
  return handleTwilioRequest(request, connectionKey, (verified) => answerConnectTwiml(verified, params.callId ?? "", connectionKey));
}
