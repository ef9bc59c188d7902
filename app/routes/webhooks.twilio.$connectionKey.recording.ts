import type { ActionFunctionArgs } from "@remix-run/node";
import { handleTwilioRequest, refuseTwilioGet } from "~/modules/twilio/handle-twilio-request.server";
import { recordTwilioCallback } from "~/modules/twilio/record-twilio-callback.server";

export const loader = refuseTwilioGet;

/** A call's recording is ready (or absent): into the inbox, 200; the worker copies it. */
export async function action({ request, params }: ActionFunctionArgs) {
  return handleTwilioRequest(request, params.connectionKey ?? "", async (verified) => {
    await recordTwilioCallback(verified, "recording");
    return null;
  });
}
