import { z } from "zod";
import { normalizePhone } from "~/lib/phone";
import { connectionIdField as connectionId, connectionNameField as name, credentialField, replacementField } from "~/utils/integration-fields.server";

export const MAX_TWILIO_NUMBERS = 10;

// Messages are catalogue keys (parseFormData words them).

/**
 * Twilio's account SID: "AC" and 32 hex digits. Typed in any case, stored the
 * way Twilio writes it ("AC" + lowercase hex), so the one-per-organization
 * check and the webhooks' AccountSid comparison see one spelling.
 */
const accountSid = z
  .string()
  .trim()
  .max(34, "integrations.twilio.validation.accountSid")
  .regex(/^AC[0-9a-f]{32}$/i, "integrations.twilio.validation.accountSid")
  .transform((sid) => `AC${sid.slice(2).toLowerCase()}`);

/**
 * Twilio's auth tokens are 32 hex digits today; any 16–128 printable
 * characters without spaces are accepted, so a token format Twilio changes
 * (or the demo's readable token) is not refused while a pasted sentence is.
 */
const authToken = credentialField(16, 128, "integrations.twilio.validation.authToken");

/**
 * The account's numbers, one per line, in any way people write them
 * ("+55 11 4000-0002", "(11) 4000-0002"): stored as E.164, in the order given
 * (the first is the caller id), 1 to 10, none twice.
 */
export const twilioNumbersField = z
  .string()
  .max(MAX_TWILIO_NUMBERS * 40, "integrations.twilio.validation.numbersTooMany")
  .transform((text, ctx) => {
    const lines = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
    if (!lines.length) ctx.addIssue({ code: "custom", message: "integrations.twilio.validation.numbersRequired" });
    if (lines.length > MAX_TWILIO_NUMBERS) ctx.addIssue({ code: "custom", message: "integrations.twilio.validation.numbersTooMany" });
    const numbers = lines.map(normalizePhone);
    if (numbers.some((number) => number === null)) ctx.addIssue({ code: "custom", message: "integrations.twilio.validation.numberLine" });
    const valid = numbers.filter((number): number is string => number !== null);
    if (new Set(valid).size < valid.length) ctx.addIssue({ code: "custom", message: "integrations.twilio.validation.numbersRepeated" });
    return valid;
  });

/** A checkbox: present ("on") when ticked, absent when not. */
const recordCalls = z
  .literal("on", { error: "integrations.twilio.validation.recordCalls" })
  .optional()
  .transform((value) => value === "on");

/** What the integrations page posts about Twilio connections. */
export const twilioConnectionIntentSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("create-twilio"), name, accountSid, authToken, numbers: twilioNumbersField, recordCalls }),
    z.object({
      intent: z.literal("update-twilio"),
      connectionId,
      name,
      numbers: twilioNumbersField,
      recordCalls,
      /** Empty keeps the stored token; a new one (rotated in Twilio's console) replaces it. */
      authToken: replacementField(authToken),
    }),
    /** New webhook URLs and a new auth token at once. */
    z.object({ intent: z.literal("rotate-twilio"), connectionId, authToken }),
    z.object({ intent: z.literal("disconnect-twilio"), connectionId }),
  ],
  { error: "errors.unknownAction" },
);

export type TwilioConnectionIntent = z.infer<typeof twilioConnectionIntentSchema>;
