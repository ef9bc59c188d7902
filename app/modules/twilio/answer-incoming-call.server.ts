import { findNextInLine, receiveIncomingCall, type IncomingCall } from "~/modules/calls/receive-incoming-call.server";
import { recordTwilioCallback } from "./record-twilio-callback.server";
import { dialRecording, hangUp, say, SPOKEN, voiceResponse } from "./twiml.server";
import { dialResultSchema, incomingCallSchema, twilioQuerySchema } from "./twilio-payload.server";
import { twilioUrl } from "./twilio-urls.server";
import type { VerifiedTwilioRequest } from "./verify-twilio-request.server";

/** How long each member's phone rings before the next one's. */
const MEMBER_RING_SECONDS = 20;
const VOICEMAIL_MAX_SECONDS = 120;

/**
 * The TwiML for a call to the organization's number, asked for while the
 * caller waits:
 * - the call comes in: it goes on the caller's lead's timeline (a new lead
 *   with source `telefone` for an unknown number), the recording notice is
 *   played when calls are recorded, and the first member in line is rung;
 * - `attempt=N` (a `<Dial>` ended): its result goes to the inbox; when
 *   nobody took it the next member is rung, after the last one voicemail;
 * - `step=voicemail` (the message was left): the call ends.
 */
export async function answerIncomingCall(request: VerifiedTwilioRequest, connectionKey: string): Promise<string> {
  // Signed is not well-formed: whoever holds the auth token signs any URL. A query we never wrote ends the call (not a 500).
  const query = twilioQuerySchema.safeParse(Object.fromEntries(request.query));
  if (!query.success) return hangUp(SPOKEN.unavailable);
  const { callId, step, attempt = 0 } = query.data;
  if (!callId) return answerNewCall(request, connectionKey);
  if (step === "voicemail") return hangUp();
  await recordTwilioCallback(request, "dial");
  const dialed = dialResultSchema.safeParse(request.params);
  if (!dialed.success || dialed.data.DialCallStatus === "completed" || dialed.data.DialCallStatus === "answered") return hangUp();
  const line = await findNextInLine(request.connection, callId, attempt);
  return line ? ring(line, connectionKey, false) : hangUp();
}

async function answerNewCall(request: VerifiedTwilioRequest, connectionKey: string) {
  const incoming = incomingCallSchema.safeParse(request.params);
  if (!incoming.success) return hangUp(SPOKEN.unavailable);
  if (!incoming.data.From) return hangUp(SPOKEN.withheldNumber);
  const received = await receiveIncomingCall(request.connection, { callSid: incoming.data.CallSid, from: incoming.data.From, to: incoming.data.To });
  // A number this connection does not own: refused, never guessed into another organization's line.
  if (!received) return hangUp(SPOKEN.unavailable);
  return ring(received, connectionKey, true);
}

/** Rings the next member in line, or takes a message when the line is done. */
function ring({ call, record, next }: IncomingCall, connectionKey: string, first: boolean) {
  const url = (path: string, query: Record<string, string>) => twilioUrl(connectionKey, path, query);
  const response = voiceResponse();
  if (first && record) say(response, SPOKEN.recordingNotice);
  if (next) {
    const dial = response.dial({
      timeout: MEMBER_RING_SECONDS,
      action: url("voice", { callId: call.id, attempt: String(next.index + 1) }),
      method: "POST",
      ...dialRecording(record, url("recording", { callId: call.id })),
    });
    dial.number(
      { statusCallback: url("status", { callId: call.id, leg: "member", attempt: String(next.index) }), statusCallbackMethod: "POST", statusCallbackEvent: ["answered"] },
      next.phone,
    );
    return response.toString();
  }
  say(response, SPOKEN.voicemailGreeting);
  response.record({
    action: url("voice", { callId: call.id, step: "voicemail" }),
    method: "POST",
    maxLength: VOICEMAIL_MAX_SECONDS,
    playBeep: true,
    recordingStatusCallback: url("recording", { callId: call.id, voicemail: "1" }),
    recordingStatusCallbackMethod: "POST",
    recordingStatusCallbackEvent: ["completed", "absent"],
  });
  response.hangup();
  return response.toString();
}
