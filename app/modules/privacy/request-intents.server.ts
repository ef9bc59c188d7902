import { z } from "zod";
import { PRIVACY_REQUEST_KINDS } from "@db/entities/privacy-request";
import { normalizePhone } from "~/lib/phone";
import type { PrivacySubject } from "./find-subject-leads.server";

/** A form field left empty is a field not given. */
const optional = <S extends z.ZodType>(schema: S) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

/** The person as typed on the privacy page: an e-mail when it has an "@", else a phone as people write one. */
const subjectSchema = z
  .string()
  .trim()
  .max(254, "privacy.requests.validation.subject")
  .transform((text, context): PrivacySubject => {
    if (text.includes("@")) {
      if (z.email().safeParse(text).success) return { phone: null, email: text.toLowerCase() };
    } else {
      const phone = normalizePhone(text);
      if (phone) return { phone, email: null };
    }
    context.addIssue({ code: "custom", message: "privacy.requests.validation.subject" });
    return z.NEVER;
  });

/** A deletion's confirmation: the lead ids the preview showed, comma-separated ("" when it found none). */
const confirmLeadIdsSchema = z
  .string()
  .max(40_000, "privacy.requests.preview.changed")
  .transform((text, context) => {
    const ids = text.split(",").filter(Boolean);
    if (ids.every((id) => z.uuid().safeParse(id).success)) return ids;
    context.addIssue({ code: "custom", message: "privacy.requests.preview.changed" });
    return z.NEVER;
  });

const createRequest = z
  .object({
    intent: z.literal("create-request"),
    kind: z.enum(PRIVACY_REQUEST_KINDS, { error: "privacy.requests.validation.kind" }),
    leadId: optional(z.uuid({ error: "privacy.requests.error.leadNotFound" })),
    subject: optional(subjectSchema),
    requesterContact: z
      .string({ error: "privacy.requests.validation.requesterContact" })
      .trim()
      .min(1, "privacy.requests.validation.requesterContact")
      .max(254, "privacy.requests.validation.requesterContact")
      // Kept as proof and shown on the page: no control characters (a NUL would not even be storable), nor
      // format characters (bidi overrides, zero-width) that would make it read as someone else's contact.
      .regex(/^[^\p{Cc}\p{Cf}]*$/u, "privacy.requests.validation.requesterContact"),
    confirmLeadIds: confirmLeadIdsSchema.optional(),
  })
  // One person per request: a lead (from its page) or a typed phone or e-mail (the privacy page), never both.
  .refine((input) => (input.leadId === undefined) !== (input.subject === undefined), {
    message: "privacy.requests.validation.subjectOrLead",
    path: ["subject"],
  });

const closeRequest = z.object({
  intent: z.literal("close-request"),
  requestId: z.uuid({ error: "privacy.requests.error.requestNotFound" }),
});

const retryRequest = z.object({
  intent: z.literal("retry-request"),
  requestId: z.uuid({ error: "privacy.requests.error.requestNotFound" }),
});

/** What the privacy page (and a lead page's "Pedido LGPD") posts about data-subject requests. */
export const privacyRequestIntentSchema = z.discriminatedUnion("intent", [createRequest, closeRequest, retryRequest], { error: "errors.unknownAction" });

export const PRIVACY_REQUEST_INTENTS: readonly string[] = privacyRequestIntentSchema.options.map((option) => option.shape.intent.value);
