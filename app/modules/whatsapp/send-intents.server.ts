import { z } from "zod";
import { WHATSAPP_TEXT_MAX_LENGTH } from "~/lib/timeline";
import { translateFieldErrors, zodErrorMap, type FormResult } from "~/utils/forms.server";
import type { Translator } from "~/i18n/translator";

// PostgreSQL refuses NUL in text: refused here it is a 400, not a 500.
const noNul = (value: string) => !value.includes("\0");

export const sendTextSchema = z.object({
  text: z.string().trim().min(1, "whatsapp.send.required").max(WHATSAPP_TEXT_MAX_LENGTH, "whatsapp.send.max").refine(noNul, "errors.invalidText"),
});

// Meta's limits: a body parameter holds up to 1,024 characters and a template far fewer than 100 of them.
const templateSchema = z.object({
  template: z.string().trim().min(1, "whatsapp.send.templateUnknown").max(512).refine(noNul, "errors.invalidText"),
  language: z.string().trim().min(1, "whatsapp.send.templateUnknown").max(32).refine(noNul, "errors.invalidText"),
  variable: z.array(z.string().trim().min(1).max(1024).refine(noNul, "errors.invalidText")).max(100),
});

/** The template form: its variables are repeated `variable` fields, in order, which a plain form parse would collapse to one. */
export function parseTemplateForm(form: FormData, i18n: Translator): FormResult<{ template: string; language: string; variables: string[] }> {
  const parsed = templateSchema.safeParse(
    { template: form.get("template"), language: form.get("language"), variable: form.getAll("variable") },
    { error: zodErrorMap(i18n.locale) },
  );
  if (!parsed.success) return { success: false, fieldErrors: translateFieldErrors(z.flattenError(parsed.error).fieldErrors, i18n) };
  return { success: true, data: { template: parsed.data.template, language: parsed.data.language, variables: parsed.data.variable } };
}
