import type { ActionFunctionArgs } from "@remix-run/node";
import { handleTwilioRequest, refuseTwilioGet } from "~/modules/twilio/handle-twilio-request.server";
import { recordTwilioCallback } from "~/modules/twilio/record-twilio-callback.server";

export const loader = refuseTwilioGet;

/** A call leg's status changed: into the inbox, 200. */
export async function action({ request, params }: ActionFunctionArgs) {
  return handleTwilioRequest(request, params.connectionKey ?? "", async (verified) => {
    await recordTwilioCallback(verified, "status");
    return null;
  });
}
