import { z } from "zod";
import { CALL_NOTE_MAX_LENGTH, CALL_OUTCOMES } from "~/lib/calls";

// PostgreSQL refuses NUL in text: refused here it is a 400, not a 500.
const noNul = (value: string) => !value.includes("\0");

/** What a rep records once a call has ended: how it went, and an optional note (empty: none). */
export const callOutcomeSchema = z.object({
  callId: z.uuid("call.outcome.unknown"),
  outcome: z.enum(CALL_OUTCOMES, "call.outcome.invalid"),
  note: z
    .string()
    .trim()
    .max(CALL_NOTE_MAX_LENGTH, "call.outcome.noteMax")
    .refine(noNul, "errors.invalidText")
    .optional()
    .transform((value) => (value ? value : null)),
});
export type CallOutcomeInput = z.output<typeof callOutcomeSchema>;
