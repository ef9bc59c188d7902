import { z } from "zod";
import type { MessageKey } from "~/i18n/catalogue";

// The fields every integration's connection form shares (WhatsApp, Twilio).
// Messages are catalogue keys (parseFormData words them). Lengths come first,
// so over-long input is refused before anything else reads it.
const printable = /^[\x21-\x7e]+$/;
const noNul = (value: string) => !value.includes("\0");

/** The name an admin gives a connection. */
export const connectionNameField = z
  .string()
  .trim()
  .min(1, "integrations.validation.name")
  .max(80, "integrations.validation.nameMax")
  .refine(noNul, "errors.invalidText");

export const connectionIdField = z.uuid({ error: "integrations.validation.connection" });

/** A credential pasted from a provider's console: no spaces (a stray one is a copy mistake), bounded length. */
export function credentialField(min: number, max: number, key: MessageKey) {
  return z.string().trim().min(min, key).max(max, key).regex(printable, key);
}

/** A credential on an edit form: empty (or absent) keeps the stored value (null). */
export function replacementField<S extends z.ZodType<string>>(schema: S) {
  return z
    .union([z.literal("").transform(() => null), schema])
    .optional()
    .transform((value) => value ?? null);
}
