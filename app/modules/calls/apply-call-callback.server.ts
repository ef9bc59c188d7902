import { advanceCallStatus, isFinalCallStatus, type CallStatus } from "~/lib/calls";
import type { Db } from "~/utils/db.server";
import { twilioFetchRecordingJob } from "~/modules/jobs/definitions/twilio__fetch_recording.server";
import { enqueueJob } from "~/modules/jobs/enqueue-job.server";
import type { CallMetadata } from "~/modules/timeline/entry-metadata.server";
import type { TwilioInboxItem } from "~/modules/twilio/twilio-payload.server";
import { lockCall, lockCallBySid, type LockedCall } from "./lock-call.server";
import { saveCall } from "./save-call.server";

export type CallbackOutcome = { status: "processed" | "ignored"; reason?: string } | { status: "retry"; reason: string };

const applied: CallbackOutcome = { status: "processed" };
const unchanged = (reason: string): CallbackOutcome => ({ status: "ignored", reason });

/** Writes the call when anything changed; a repeated or late callback changes nothing. */
async function update(db: Db, organizationId: string, call: LockedCall, status: CallStatus | null, details: Partial<CallMetadata>) {
  const changedDetails = Object.entries(details).some(([key, value]) => JSON.stringify(call.call[key as keyof CallMetadata]) !== JSON.stringify(value));
  if (!status && !changedDetails) return unchanged("nothing new for this call");
  await saveCall(db, organizationId, call, { ...(status ? { status } : {}), call: details });
  return applied;
}

/**
 * A leg's status. The lead's leg (click-to-call's dialled number, or an
 * inbound call itself) moves the call's status forward; the rep's own leg only
 * ends the call when the lead was never reached ("você não atendeu"); a
 * member's leg answering an inbound call puts it in progress.
 */
async function applyStatus(db: Db, organizationId: string, connectionId: string, item: Extract<TwilioInboxItem, { kind: "status" }>): Promise<CallbackOutcome> {
  const call = item.callId ? await lockCall(db, organizationId, item.callId) : await lockCallBySid(db, organizationId, item.callSid);
  if (!call || call.call.connectionId !== connectionId) return unchanged("status for a call this organization does not have");
  const final = isFinalCallStatus(item.status);
  if (item.leg === "agent") {
    const details: Partial<CallMetadata> = { agentCallSid: item.callSid };
    if (!final) return update(db, organizationId, call, advanceCallStatus(call.status, "initiated"), details);
    const leadReached = call.call.leadCallSid !== null || call.status === "ringing" || call.status === "in-progress";
    if (leadReached) return update(db, organizationId, call, advanceCallStatus(call.status, call.status === "in-progress" ? "completed" : "canceled"), details);
    const agentMissed = item.status === "busy" || item.status === "no-answer" || item.status === "canceled" || item.status === "completed";
    return update(db, organizationId, call, advanceCallStatus(call.status, agentMissed ? "no-answer" : "failed"), {
      ...details,
      missedBy: agentMissed ? "agent" : null,
    });
  }
  if (item.leg === "member") {
    if (item.status !== "in-progress") return unchanged("a member's leg ends with its dial");
    // Who took it is known now: the caller's hang-up may be applied before the dial's result, and must not read as a missed call.
    const answeredById = typeof item.attempt === "number" ? (call.call.ringOrder[item.attempt] ?? null) : null;
    return update(db, organizationId, call, advanceCallStatus(call.status, "in-progress"), answeredById && !call.call.answeredById ? { answeredById } : {});
  }
  if (call.direction === "inbound" && final) {
    // The caller hung up: answered by a member or not, the dial result has said (or says now).
    const status = item.status === "completed" ? (call.call.answeredById ? "completed" : "no-answer") : item.status;
    return update(db, organizationId, call, advanceCallStatus(call.status, status), {});
  }
  const details: Partial<CallMetadata> = item.leg === "lead" ? { leadCallSid: item.callSid } : {};
  if (item.status === "completed" && item.durationSeconds !== null) details.durationSeconds = item.durationSeconds;
  return update(db, organizationId, call, advanceCallStatus(call.status, item.status), details);
}

/** A `<Dial>` ended: the lead's leg for click-to-call; for an inbound call, whether the member rung took it. */
async function applyDial(db: Db, organizationId: string, connectionId: string, item: Extract<TwilioInboxItem, { kind: "dial" }>): Promise<CallbackOutcome> {
  const call = await lockCall(db, organizationId, item.callId);
  if (!call || call.call.connectionId !== connectionId) return unchanged("dial result for a call this organization does not have");
  const answered = item.status === "completed" || item.status === "answered";
  if (call.direction === "inbound") {
    if (!answered) return unchanged("the member rung did not take the call; the next one is rung");
    const answeredById = item.attempt ? (call.call.ringOrder[item.attempt - 1] ?? null) : null;
    return update(db, organizationId, call, advanceCallStatus(call.status, "completed"), { answeredById, durationSeconds: item.durationSeconds });
  }
  const status: CallStatus = item.status === "completed" || item.status === "answered" ? "completed" : item.status;
  const details: Partial<CallMetadata> = { ...(item.dialCallSid ? { leadCallSid: item.dialCallSid } : {}) };
  if (answered && item.durationSeconds !== null) details.durationSeconds = item.durationSeconds;
  return update(db, organizationId, call, advanceCallStatus(call.status, status), details);
}

/** A recording is ready (copied by a job), or there is none to keep. */
async function applyRecording(db: Db, organizationId: string, connectionId: string, item: Extract<TwilioInboxItem, { kind: "recording" }>): Promise<CallbackOutcome> {
  const call = await lockCall(db, organizationId, item.callId);
  if (!call || call.call.connectionId !== connectionId) return unchanged("recording for a call this organization does not have");
  if (call.call.recording?.state === "stored") return unchanged("the call's recording is already stored");
  if (item.status === "completed") {
    await enqueueJob(db, twilioFetchRecordingJob, { organizationId, callId: call.id, recordingSid: item.recordingSid });
    return update(db, organizationId, call, null, {
      recording: { state: "pending", recordingSid: item.recordingSid, fileId: null, durationSeconds: item.durationSeconds },
      ...(item.voicemail ? { voicemail: true } : {}),
    });
  }
  if (call.call.recording?.state === "pending") return unchanged(`recording ${item.status} after one was already coming`);
  return update(db, organizationId, call, null, {
    recording: { state: item.status === "absent" ? "absent" : "failed", recordingSid: item.recordingSid, fileId: null, durationSeconds: null },
  });
}

/**
 * One stored Twilio callback applied to its call, in the caller's
 * transaction. Only a call placed or taken through the connection the
 * callback came through (`connectionId`) is touched: another account's
 * signature says nothing about it.
 */
export async function applyCallCallback(db: Db, organizationId: string, connectionId: string, item: TwilioInboxItem): Promise<CallbackOutcome> {
  switch (item.kind) {
    case "status":
      return applyStatus(db, organizationId, connectionId, item);
    case "dial":
      return applyDial(db, organizationId, connectionId, item);
    case "recording":
      return applyRecording(db, organizationId, connectionId, item);
  }
}
