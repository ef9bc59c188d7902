import { z } from "zod";
import { CALL_STATUSES } from "~/lib/calls";

/**
 * Twilio's callbacks and TwiML requests, read at the edge: only what the app
 * uses, each field checked, so nothing malformed reaches the timeline.
 */
const callSid = z.string().regex(/^CA[0-9a-f]{32}$/);
const seconds = z.coerce.number().int().min(0).max(86_400);
/** E.164 as Twilio sends it; a withheld number ("anonymous", "+266696687") reads as null. */
const caller = z
  .string()
  .max(32)
  .transform((value) => (/^\+[1-9]\d{7,14}$/.test(value) && value !== "+266696687" ? value : null));

/** Our own parameters, from the signed URL Twilio calls back. */
export const twilioQuerySchema = z.object({
  callId: z.uuid().optional(),
  leg: z.enum(["agent", "lead", "member"]).optional(),
  step: z.enum(["notice", "dialed", "voicemail"]).optional(),
  attempt: z.coerce.number().int().min(0).max(20).optional(),
  voicemail: z.literal("1").optional(),
});
export type TwilioQuery = z.infer<typeof twilioQuerySchema>;

export const statusCallbackSchema = z.object({
  CallSid: callSid,
  CallStatus: z.enum(CALL_STATUSES),
  CallDuration: seconds.optional(),
  ParentCallSid: callSid.optional(),
});

export const dialResultSchema = z.object({
  CallSid: callSid,
  DialCallStatus: z.enum(["completed", "answered", "busy", "no-answer", "failed", "canceled"]),
  DialCallSid: callSid.optional(),
  DialCallDuration: seconds.optional(),
});

export const recordingCallbackSchema = z.object({
  CallSid: callSid,
  RecordingSid: z.string().regex(/^RE[0-9a-f]{32}$/),
  RecordingStatus: z.enum(["in-progress", "completed", "absent", "failed"]),
  RecordingDuration: seconds.optional(),
});

export const incomingCallSchema = z.object({
  CallSid: callSid,
  From: caller,
  To: z.string().max(32),
});

/** One stored callback, as the worker applies it (the inbox keeps this). */
export type TwilioInboxItem =
  | {
      kind: "status";
      callId: string | null;
      leg: "agent" | "lead" | "member" | null;
      /** A member's leg: their place in the inbound call's ring order (absent from items stored before it was kept). */
      attempt?: number | null;
      callSid: string;
      status: (typeof CALL_STATUSES)[number];
      durationSeconds: number | null;
    }
  | {
      kind: "dial";
      callId: string;
      attempt: number | null;
      status: z.infer<typeof dialResultSchema>["DialCallStatus"];
      dialCallSid: string | null;
      durationSeconds: number | null;
    }
  | { kind: "recording"; callId: string; recordingSid: string; status: z.infer<typeof recordingCallbackSchema>["RecordingStatus"]; durationSeconds: number | null; voicemail: boolean };
