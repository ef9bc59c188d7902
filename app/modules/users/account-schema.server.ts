import { z } from "zod";
import { LOCALES } from "~/i18n/locales";
import { normalizePhone } from "~/lib/phone";
import { isTimeZone } from "./time-zones.server";

// PostgreSQL refuses NUL in text: refusing it here keeps it a 400 instead of a 500.
const noNul = (value: string) => !value.includes("\0");

/**
 * The account page's form. Every field is posted every time (the form always
 * sends them all): "" in `locale` follows the browser, "" in `phone` clears it.
 * Messages are catalogue keys: parseFormData words them in the reader's language.
 */
export const accountSchema = z.object({
  fullName: z.string().trim().min(1, "account.nameRequired").max(120, "account.nameMax").refine(noNul, "errors.invalidText"),
  locale: z
    .union([z.literal(""), z.enum(LOCALES)], { error: "account.languageInvalid" })
    .transform((value) => value || null),
  timeZone: z.string().refine(isTimeZone, "account.timeZoneInvalid"),
  phone: z.string().transform((value, ctx) => {
    if (!value.trim()) return null;
    const phone = normalizePhone(value);
    if (phone) return phone;
    ctx.addIssue({ code: "custom", message: "account.phoneInvalid" });
    return z.NEVER;
  }),
});
export type AccountInput = z.infer<typeof accountSchema>;
