import { randomBytes } from "node:crypto";
import { type TwilioCallbackEvent, type WebhookPolicy } from "./twilio-stand-in-webhooks";

/** The Twilio stand-in's model of accounts, calls and recordings, and Twilio's formats for them. */

export type PhoneBehaviour = "answer" | "no-answer" | "busy" | "failed";
export type CallStatus = "queued" | "ringing" | "in-progress" | "completed" | "busy" | "failed" | "no-answer" | "canceled";
export type CallDirection = "inbound" | "outbound-api" | "outbound-dial";

export interface TwilioStandInAccount {
  accountSid: string;
  authToken: string;
  /** E.164 numbers the account owns: the only valid From of a REST call, and what inbound calls reach. */
  numbers: string[];
  /** The numbers' inbound configuration: their TwiML, and where the end of each inbound call is reported. */
  voiceUrl?: string;
  statusCallbackUrl?: string;
}

export interface TwilioStandInCall {
  sid: string;
  accountSid: string;
  parentCallSid: string | null;
  from: string;
  to: string;
  direction: CallDirection;
  status: CallStatus;
  dateCreated: Date;
  dateUpdated: Date;
  startTime: Date | null;
  endTime: Date | null;
  /** Seconds from answer to hang-up, once ended. */
  durationSeconds: number | null;
}

export interface TwilioStandInRecording {
  sid: string;
  accountSid: string;
  /** The call it belongs to: the parent for a <Dial> recording, as on Twilio. */
  callSid: string;
  source: "DialVerb" | "RecordVerb" | "OutboundAPI";
  channels: 1 | 2;
  durationSeconds: number;
  dateCreated: Date;
  deleted: boolean;
}

export interface CallTimings {
  /** Until a REST-created call's callee answers (or gives up, for no-answer). */
  ringMs: number;
  /** The same for each <Dial> leg. */
  dialRingMs: number;
  /** How long a connected <Dial> leg, or a voicemail message, lasts before the far end hangs up. */
  talkMs: number;
  /** Each <Say>, <Play> and <Pause> (capped at its length), and the beep of <Record>. */
  promptMs: number;
}

export interface CallEngineContext {
  baseUrl(): string;
  timings: CallTimings;
  recordingMode(): "completed" | "absent";
  phone(number: string): PhoneBehaviour;
  policy: WebhookPolicy;
  events: TwilioCallbackEvent[];
  played: { callSid: string; verb: "Say" | "Play"; content: string }[];
  errors: { callSid: string; code: number; message: string }[];
  calls: Map<string, TwilioStandInCall>;
  recordings: TwilioStandInRecording[];
}

export interface StatusCallback {
  url: string;
  method: "GET" | "POST";
  events: Set<string>;
}

export interface OutboundRequest {
  url: string | null;
  method: "GET" | "POST";
  twiml: string | null;
  timeoutSeconds: number;
  record: boolean;
  recording: RecordingCallback | null;
  recordingDual: boolean;
}

export interface RecordingCallback {
  url: string;
  method: "GET" | "POST";
  events: Set<string>;
}

export const API_VERSION = "2010-04-01";

/** What Twilio accepts as a phone number: E.164. */
export const E164 = /^\+[1-9]\d{7,14}$/;

export const newSid = (prefix: string) => prefix + randomBytes(16).toString("hex");

/** Twilio's dates: RFC 2822 in GMT, "Sat, 05 Dec 2026 14:03:00 +0000". */
export const rfc2822 = (date: Date) => date.toUTCString().replace("GMT", "+0000");

export const method = (value: string | undefined): "GET" | "POST" => (value?.toUpperCase() === "GET" ? "GET" : "POST");
export const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));
const eventSet = (value: string | undefined, fallback: string) => new Set((value ?? fallback).split(/[\s,]+/).filter(Boolean));

export function statusCallbackOf(url: string | undefined, methodName: string | undefined, events: string | undefined): StatusCallback | null {
  // Twilio reports only the end of a call unless the events are named.
  return url ? { url, method: method(methodName), events: eventSet(events, "completed") } : null;
}

export function recordingCallbackOf(url: string | undefined, methodName: string | undefined, events: string | undefined): RecordingCallback | null {
  return url ? { url, method: method(methodName), events: eventSet(events, "completed") } : null;
}
