import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { answerConnectTwiml } from "~/modules/twilio/answer-connect-twiml.server";
import { handleTwilioRequest, refuseTwilioGet } from "~/modules/twilio/handle-twilio-request.server";
import { hangUp } from "~/modules/twilio/twiml.server";

export const loader = refuseTwilioGet;

/** Click-to-call: the rep answered (dial the lead), the notice the lead hears, or the dial's end. TwiML. */
export async function action({ request, params }: ActionFunctionArgs) {
  const connectionKey = params.connectionKey ?? "";
  const callId = z.uuid().safeParse(params.callId);
  return handleTwilioRequest(request, connectionKey, async (verified) =>
    callId.success ? answerConnectTwiml(verified, callId.data, connectionKey) : hangUp(),
  );
}
