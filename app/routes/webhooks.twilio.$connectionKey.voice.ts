import type { ActionFunctionArgs } from "@remix-run/node";
import { answerIncomingCall } from "~/modules/twilio/answer-incoming-call.server";
import { handleTwilioRequest, refuseTwilioGet } from "~/modules/twilio/handle-twilio-request.server";

export const loader = refuseTwilioGet;

/** A call to the organization's number (and each step of its line): TwiML. */
export async function action({ request, params }: ActionFunctionArgs) {
  const connectionKey = params.connectionKey ?? "";
  return handleTwilioRequest(request, connectionKey, (verified) => answerIncomingCall(verified, connectionKey));
}
