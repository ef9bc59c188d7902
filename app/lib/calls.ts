/**
 * Calls as the timeline shows them (browser-safe): their statuses in the
 * order they may advance, and what a rep records once one ends.
 */
import type { TranscriptState } from "./ai";

/** Twilio's call statuses, in order; the last five are final. */
export const CALL_STATUSES = ["queued", "initiated", "ringing", "in-progress", "completed", "busy", "no-answer", "failed", "canceled"] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

const FINAL_STATUSES = new Set<CallStatus>(["completed", "busy", "no-answer", "failed", "canceled"]);

export function isCallStatus(value: string): value is CallStatus {
  return (CALL_STATUSES as readonly string[]).includes(value);
}

export function isFinalCallStatus(status: string): boolean {
  return FINAL_STATUSES.has(status as CallStatus);
}

function rankOf(status: CallStatus) {
  return FINAL_STATUSES.has(status) ? 4 : CALL_STATUSES.indexOf(status);
}

/**
 * The status a call moves to when `next` is reported at `current`: callbacks
 * arrive late, twice and out of order, so a status never moves backwards and
 * a final one is never replaced. Null when `next` changes nothing.
 */
export function advanceCallStatus(current: CallStatus, next: CallStatus): CallStatus | null {
  if (FINAL_STATUSES.has(current)) return null;
  return rankOf(next) > rankOf(current) ? next : null;
}

/** What the rep says happened, once the call has ended. */
export const CALL_OUTCOMES = ["answered", "no_answer", "voicemail", "busy", "wrong_number"] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
export const CALL_NOTE_MAX_LENGTH = 2000;

export interface TimelineCallRecording {
  /** pending: Twilio has it and the worker is copying it; absent: too short or silent to keep. */
  state: "pending" | "stored" | "absent" | "failed" | "removed";
  fileId: string | null;
  durationSeconds: number | null;
}

export interface TimelineCall {
  status: CallStatus;
  /** Talk time of the lead's leg, once known. */
  durationSeconds: number | null;
  /** "agent": the rep's own phone never answered a click-to-call, so the lead was never dialled. */
  missedBy: "agent" | null;
  /** An inbound call nobody took, where the lead left a message (the recording). */
  voicemail: boolean;
  recording: TimelineCallRecording | null;
  outcome: CallOutcome | null;
  outcomeNote: string | null;
  /** The member who took an inbound call. */
  answeredById: string | null;
  answeredByName: string | null;
  /** What was said, once the recording went through transcription; null when it never did. */
  transcript: TimelineCallTranscript | null;
}

export interface TimelineCallTranscript {
  state: TranscriptState;
  text: string | null;
}

/**
 * The transcript a call shows: a stored recording that was never sent for
 * transcription (AI off, no provider key) or came back empty says so, rather
 * than leaving the reader waiting for one. Null when there is nothing to say.
 */
export function shownTranscript(call: Pick<TimelineCall, "recording" | "transcript">): TimelineCallTranscript | null {
  const { transcript } = call;
  if (transcript) return transcript.state === "done" && !transcript.text?.trim() ? { state: "unavailable", text: null } : transcript;
  return call.recording?.state === "stored" ? { state: "unavailable", text: null } : null;
}
