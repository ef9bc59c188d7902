import { z } from "zod";

// Messages are catalogue keys: parseFormData words them in the reader's language.
// Lengths are checked before anything else so over-long input is refused before it is hashed or stored.
// PostgreSQL refuses NUL in text: refusing it here keeps it a 400 instead of a 500.
const noNul = (value: string) => !value.includes("\0");

export const emailField = z.string().trim().toLowerCase().max(254, { error: "validation.emailMax", abort: true }).email("validation.email");
export const passwordField = z.string().min(8, "validation.passwordMin").max(128, "validation.passwordMax").refine(noNul, "errors.invalidText");
/** A password to check, not to set: any length a set one could have. */
export const currentPasswordField = z.string().min(1, "validation.passwordRequired").max(128, "validation.passwordMax").refine(noNul, "errors.invalidText");
export const personNameField = z.string().trim().min(2, "validation.personName").max(120, "validation.nameMax").refine(noNul, "errors.invalidText");
export const organizationNameField = z
  .string()
  .trim()
  .min(2, "validation.organizationName")
  .max(120, "validation.nameMax")
  .refine(noNul, "errors.invalidText");
