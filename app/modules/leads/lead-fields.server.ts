import type { MessageKey } from "~/i18n/catalogue";
import { z } from "zod";
import { LEAD_PRIORITIES, LEAD_STATUSES } from "~/lib/lead-enums";
import { normalizePhone } from "~/lib/phone";

const MAX_TAGS = 20;
const MAX_TAG_LENGTH = 40;
/** numeric(14, 2): twelve digits before the decimal separator. */
const MAX_WHOLE_DIGITS = 12;

// PostgreSQL refuses NUL in text; refusing it here keeps it a 400 instead of a 500.
const noNul = (value: string) => !value.includes("\0");
// Messages are catalogue keys: parseFormData words them in the reader's language.
const NUL_MESSAGE = "errors.invalidText";

/** Trimmed text; "" clears the field (null); absent leaves it unchanged. */
function optionalText(max: number, tooLong: MessageKey) {
  return z
    .string()
    .trim()
    .max(max, tooLong)
    .refine(noNul, NUL_MESSAGE)
    .transform((value) => value || null)
    .optional();
}

export type MoneyParse = { ok: true; value: string } | { ok: false; message: MessageKey };

/**
 * A non-negative amount typed the Brazilian way ("4.500,00", "R$ 4.500") or
 * the international way ("4500.00", "4,500.50"), as a decimal string with two
 * places ("4500.00"). A lone separator followed by one or two digits is the
 * decimal separator; otherwise it groups thousands.
 */
export function parseMoney(input: string): MoneyParse {
  const invalid = { ok: false, message: "lead.valueInvalid" } as const;
  const compact = input.replace(/[\s\u00a0]/g, "").replace(/^R\$/i, "");
  if (compact.startsWith("-")) return { ok: false, message: "lead.valueNegative" };
  if (!/^\d[\d.,]*$/.test(compact)) return invalid;
  const commas = compact.split(",").length - 1;
  const dots = compact.split(".").length - 1;
  let decimal: "," | "." | null = null;
  if (commas && dots) decimal = compact.lastIndexOf(",") > compact.lastIndexOf(".") ? "," : ".";
  else if (commas === 1 && /,\d{1,2}$/.test(compact)) decimal = ",";
  else if (dots === 1 && /\.\d{1,2}$/.test(compact)) decimal = ".";
  let whole = compact;
  let fraction = "";
  if (decimal) {
    const at = compact.lastIndexOf(decimal);
    whole = compact.slice(0, at);
    fraction = compact.slice(at + 1);
    if (!/^\d{1,2}$/.test(fraction)) return invalid;
  }
  const grouping = decimal === "," ? "." : decimal === "." ? "," : commas ? "," : ".";
  if (whole.includes(grouping)) {
    const groups = whole.split(grouping);
    if (!/^\d{1,3}$/.test(groups[0]) || groups.slice(1).some((group) => !/^\d{3}$/.test(group))) return invalid;
    whole = groups.join("");
  }
  if (!/^\d+$/.test(whole)) return invalid;
  whole = whole.replace(/^0+(?=\d)/, "");
  if (whole.length > MAX_WHOLE_DIGITS) return { ok: false, message: "lead.valueTooHigh" };
  return { ok: true, value: `${whole}.${fraction.padEnd(2, "0")}` };
}

/** "a, b,  a ,," → ["a", "b"]: trimmed, empty ones dropped, repeats (ignoring case) dropped, first spelling kept. */
export function splitTags(input: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const part of input.split(",")) {
    const tag = part.trim().replace(/\s+/g, " ");
    const key = tag.toLocaleLowerCase("pt-BR");
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    tags.push(tag);
  }
  return tags;
}

const phoneField = z
  .string()
  .transform((value, ctx) => {
    if (!value.trim()) return null;
    const phone = normalizePhone(value);
    if (phone) return phone;
    ctx.addIssue({
      code: "custom",
      message: "lead.phoneInvalid",
    });
    return z.NEVER;
  })
  .optional();

const moneyField = z
  .string()
  .transform((value, ctx) => {
    if (!value.trim()) return null;
    const parsed = parseMoney(value);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: "custom", message: parsed.message });
    return z.NEVER;
  })
  .optional();

const tagsField = z
  .string()
  .refine(noNul, NUL_MESSAGE)
  .transform((value, ctx) => {
    const tags = splitTags(value);
    if (tags.length > MAX_TAGS) ctx.addIssue({ code: "custom", message: "lead.tagsMax" });
    if (tags.some((tag) => tag.length > MAX_TAG_LENGTH)) {
      ctx.addIssue({ code: "custom", message: "lead.tagMax" });
    }
    return tags;
  })
  .optional();

const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => value === "" || (value.length <= 254 && z.email().safeParse(value).success), "validation.email")
  .transform((value) => value || null)
  .optional();

/**
 * The editable fields of a lead as the lead form posts them. Every field is
 * optional: an absent field stays as it is, an empty one is cleared.
 */
export const leadFieldsSchema = z.object({
  fullName: z
    .string()
    .trim()
    .min(1, "lead.nameRequired")
    .max(160, "lead.nameMax")
    .refine(noNul, NUL_MESSAGE)
    .optional(),
  email: emailField,
  phone: phoneField,
  company: optionalText(160, "lead.companyMax"),
  jobTitle: optionalText(120, "lead.jobTitleMax"),
  estimatedValue: moneyField,
  source: optionalText(40, "lead.sourceMax"),
  priority: z.enum(LEAD_PRIORITIES, { error: "lead.priorityInvalid" }).optional(),
  status: z.enum(LEAD_STATUSES, { error: "lead.statusInvalid" }).optional(),
  tags: tagsField,
  assignee: z
    .union([z.literal(""), z.uuid({ error: "lead.chooseMember" })])
    .transform((value) => value || null)
    .optional(),
  notes: optionalText(5000, "lead.notesMax"),
});
export type LeadFieldsInput = z.infer<typeof leadFieldsSchema>;
export const LEAD_FIELDS = Object.keys(leadFieldsSchema.shape) as (keyof LeadFieldsInput)[];

/** The version the form was loaded with (optimistic concurrency). */
export const versionField = z.coerce
  .number({ error: "lead.versionInvalid" })
  .int("lead.versionInvalid")
  .min(1, "lead.versionInvalid")
  .max(2_147_483_647, "lead.versionInvalid");
