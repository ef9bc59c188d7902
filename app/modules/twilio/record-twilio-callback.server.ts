import { createHash } from "node:crypto";
import { withOrganization } from "~/utils/db.server";
import { twilioProcessWebhookJob } from "~/modules/jobs/definitions/twilio__process_webhook.server";
import { recordWebhookItems, type WebhookItem } from "~/modules/webhooks/record-webhook-items.server";
import { dialResultSchema, recordingCallbackSchema, statusCallbackSchema, twilioQuerySchema, type TwilioInboxItem } from "./twilio-payload.server";
import type { VerifiedTwilioRequest } from "./verify-twilio-request.server";

export type TwilioCallbackKind = "status" | "recording" | "dial";

/** The inbox row of one verified callback, keyed so Twilio's retries are stored once. */
function inboxItemOf(kind: TwilioCallbackKind, request: VerifiedTwilioRequest, path: { callId?: string }): WebhookItem {
  const query = twilioQuerySchema.safeParse({ ...Object.fromEntries(request.query), ...path });
  const ignored = (reason: string): WebhookItem => ({
    dedupKey: `ignored:${createHash("sha256").update(JSON.stringify([kind, request.params, [...request.query]])).digest("hex")}`,
    payload: { kind, params: request.params },
    status: "ignored",
    reason,
  });
  if (!query.success) return ignored("unexpected query parameters");
  const { callId = null, leg = null, attempt = null, voicemail } = query.data;
  if (kind === "status") {
    const form = statusCallbackSchema.safeParse(request.params);
    if (!form.success) return ignored("status callback without a valid CallSid and CallStatus");
    const item: TwilioInboxItem = { kind, callId, leg, attempt, callSid: form.data.CallSid, status: form.data.CallStatus, durationSeconds: form.data.CallDuration ?? null };
    return { dedupKey: `status:${form.data.CallSid}:${form.data.CallStatus}`, payload: { ...item }, status: "pending" };
  }
  if (!callId) return ignored(`${kind} callback without the call it belongs to`);
  if (kind === "dial") {
    const form = dialResultSchema.safeParse(request.params);
    if (!form.success) return ignored("dial result without a valid DialCallStatus");
    const item: TwilioInboxItem = {
      kind,
      callId,
      attempt,
      status: form.data.DialCallStatus,
      dialCallSid: form.data.DialCallSid ?? null,
      durationSeconds: form.data.DialCallDuration ?? null,
    };
    return { dedupKey: `dial:${form.data.CallSid}:${attempt ?? 0}`, payload: { ...item }, status: "pending" };
  }
  const form = recordingCallbackSchema.safeParse(request.params);
  if (!form.success) return ignored("recording callback without a valid RecordingSid and RecordingStatus");
  const item: TwilioInboxItem = {
    kind,
    callId,
    recordingSid: form.data.RecordingSid,
    status: form.data.RecordingStatus,
    durationSeconds: form.data.RecordingDuration ?? null,
    voicemail: voicemail === "1",
  };
  return { dedupKey: `recording:${form.data.RecordingSid}:${form.data.RecordingStatus}`, payload: { ...item }, status: "pending" };
}

/**
 * A verified status, recording or `<Dial>` callback into the one webhook
 * inbox (`path`: the call id when the URL's path names it rather than its query)
 * inbox with its processing job; nothing else happens on the request path.
 * A signed callback the app does not understand is kept as ignored, with the
 * reason, and still answered 200 (Twilio would otherwise retry it).
 */
export async function recordTwilioCallback(request: VerifiedTwilioRequest, kind: TwilioCallbackKind, path: { callId?: string } = {}) {
  const { connection } = request;
  return withOrganization(connection.organizationId, (db) =>
    recordWebhookItems(db, {
      organizationId: connection.organizationId,
      provider: "twilio",
      connectionId: connection.id,
      items: [inboxItemOf(kind, request, path)],
      job: twilioProcessWebhookJob,
    }),
  );
}
