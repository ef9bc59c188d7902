import { z } from "zod";
import { NEW_LEAD_ASSIGNMENTS } from "@db/entities/whatsapp-connection";
import { connectionIdField as connectionId, connectionNameField as name, credentialField as secret, replacementField as replacement } from "~/utils/integration-fields.server";

export const MAX_PHONE_NUMBERS = 20;

// Messages are catalogue keys (parseFormData words them).
const wabaId = z.string().trim().regex(/^\d{5,32}$/, "integrations.validation.wabaId");
const assignment = z.enum(NEW_LEAD_ASSIGNMENTS, { error: "integrations.validation.assignment" });

const appSecret = secret(16, 128, "integrations.validation.appSecret");
const accessToken = secret(20, 2048, "integrations.validation.accessToken");
/** Chosen by the admin and typed again in Meta's console. */
const verifyToken = secret(8, 128, "integrations.validation.verifyToken");

const DISPLAY_NUMBER = /^\+?[\d\s().-]{8,32}$/;

/**
 * The numbers field: one number per line, its phone number id (from Meta's
 * API Setup page) then its display number, e.g. `109876543210987 +55 11 98765-4321`.
 */
export const phoneNumbersField = z
  .string()
  .max(MAX_PHONE_NUMBERS * 80, "integrations.validation.numbersTooMany")
  .transform((text, ctx) => {
    const lines = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
    if (!lines.length) ctx.addIssue({ code: "custom", message: "integrations.validation.numbersRequired" });
    if (lines.length > MAX_PHONE_NUMBERS) ctx.addIssue({ code: "custom", message: "integrations.validation.numbersTooMany" });
    const numbers = lines.map((line) => {
      const [id, ...rest] = line.split(/\s+/);
      return { phoneNumberId: id, displayPhoneNumber: rest.join(" ") };
    });
    for (const number of numbers) {
      const digits = number.displayPhoneNumber.replace(/\D/g, "").length;
      if (!/^\d{5,32}$/.test(number.phoneNumberId) || !DISPLAY_NUMBER.test(number.displayPhoneNumber) || digits < 8 || digits > 15) {
        ctx.addIssue({ code: "custom", message: "integrations.validation.numberLine" });
        break;
      }
    }
    if (new Set(numbers.map((n) => n.phoneNumberId)).size < numbers.length) {
      ctx.addIssue({ code: "custom", message: "integrations.validation.numbersRepeated" });
    }
    return numbers;
  });

/** What the integrations page posts. */
export const integrationsIntentSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("create-connection"),
      name,
      wabaId,
      numbers: phoneNumbersField,
      appSecret,
      verifyToken,
      accessToken,
      newLeadAssignment: assignment.optional().default("unassigned"),
    }),
    z.object({
      intent: z.literal("update-connection"),
      connectionId,
      name,
      numbers: phoneNumbersField,
      appSecret: replacement(appSecret),
      verifyToken: replacement(verifyToken),
      accessToken: replacement(accessToken),
      newLeadAssignment: assignment,
    }),
    z.object({ intent: z.literal("rotate-connection"), connectionId, appSecret }),
    z.object({ intent: z.literal("disconnect-connection"), connectionId }),
    z.object({ intent: z.literal("sync-templates"), connectionId }),
  ],
  { error: "errors.unknownAction" },
);

export type IntegrationsIntent = z.infer<typeof integrationsIntentSchema>;
export type PhoneNumberInput = z.output<typeof phoneNumbersField>[number];
