import { z } from "zod";
import { isFinalCallStatus } from "~/lib/calls";
import { withOrganization } from "~/utils/db.server";
import { lockCall } from "~/modules/calls/lock-call.server";
import { twilioRecordsCalls } from "./load-twilio-connection.server";
import { recordTwilioCallback } from "./record-twilio-callback.server";
import { dialRecording, hangUp, say, SPOKEN, voiceResponse } from "./twiml.server";
import { twilioUrl } from "./twilio-urls.server";
import type { VerifiedTwilioRequest } from "./verify-twilio-request.server";

const callIdSchema = z.uuid();
/** How long the lead's phone rings before the call counts as not answered. */
const LEAD_RING_SECONDS = 30;

/**
 * Click-to-call's TwiML, asked for by Twilio while someone waits on the line:
 * - the rep answered: dial the lead from the organization's number, with the
 *   recording (both channels) and callbacks for the lead's leg;
 * - `step=notice`: what the lead hears before being connected, when calls are
 *   recorded (LGPD: they are told first);
 * - `step=dialed`: the `<Dial>` ended; its result goes to the inbox and the call ends.
 * A call that is not this connection's, or already over, is hung up.
 */
export async function answerConnectTwiml(request: VerifiedTwilioRequest, callId: string, connectionKey: string): Promise<string> {
  if (!callIdSchema.safeParse(callId).success) return hangUp(SPOKEN.unavailable);
  const step = request.query.get("step");
  if (step === "notice") return say(voiceResponse(), SPOKEN.recordingNotice).toString();
  if (step === "dialed") {
    await recordTwilioCallback(request, "dial", { callId });
    return hangUp();
  }
  const { connection } = request;
  const found = await withOrganization(connection.organizationId, async (db) => {
    const call = await lockCall(db, connection.organizationId, callId);
    if (!call || call.direction !== "outbound" || call.call.connectionId !== connection.id || isFinalCallStatus(call.status)) return null;
    return { call, record: await twilioRecordsCalls(db, connection.id) };
  });
  if (!found) return hangUp(SPOKEN.unavailable);
  const { call, record } = found;
  const url = (path: string, query: Record<string, string>) => twilioUrl(connectionKey, path, query);
  const response = say(voiceResponse(), SPOKEN.connecting);
  const dial = response.dial({
    callerId: call.call.orgNumber,
    timeout: LEAD_RING_SECONDS,
    action: url(`connect/${call.id}`, { step: "dialed" }),
    method: "POST",
    ...dialRecording(record, url("recording", { callId: call.id })),
  });
  dial.number(
    {
      statusCallback: url("status", { callId: call.id, leg: "lead" }),
      statusCallbackMethod: "POST",
      statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
      ...(record ? { url: url(`connect/${call.id}`, { step: "notice" }), method: "POST" as const } : {}),
    },
    call.call.leadPhone,
  );
  return response.toString();
}
