import { data } from "@remix-run/node";
import { z } from "zod";
import type { Locale } from "~/i18n/locales";
import type { Translator } from "~/i18n/translator";
import { isMessageKey } from "~/i18n/translator.server";

// The default for any parse that names no language (the per-request map of parseFormData wins over it).
z.config(z.locales.ptBR());

const ZOD_LOCALES: Record<Locale, () => { localeError: z.core.$ZodErrorMap }> = { "pt-BR": z.locales.ptBR, en: z.locales.en };
const zodErrorMaps = new Map<Locale, z.core.$ZodErrorMap>();

/** zod's own messages (a missing field, a wrong type) in the reader's language, for one parse. */
export function zodErrorMap(locale: Locale): z.core.$ZodErrorMap {
  let map = zodErrorMaps.get(locale);
  if (!map) zodErrorMaps.set(locale, (map = ZOD_LOCALES[locale]().localeError));
  return map;
}

export type FieldErrors = Record<string, string[] | undefined>;

export type FormResult<T> = { success: true; data: T } | { success: false; fieldErrors: FieldErrors };

/** Parses a submitted form with zod; failures come back as per-field messages in the reader's language. */
export async function parseForm<S extends z.ZodType>(request: Request, schema: S, i18n: Translator): Promise<FormResult<z.infer<S>>> {
  return parseFormData(await readFormData(request, i18n), schema, i18n);
}

/**
 * Schemas name their own messages by catalogue key (`validation.email`); zod's
 * built-in ones come from the per-parse locale map. Both end up as sentences.
 */
export function parseFormData<S extends z.ZodType>(form: FormData, schema: S, i18n: Translator): FormResult<z.infer<S>> {
  const parsed = schema.safeParse(Object.fromEntries(form), { error: zodErrorMap(i18n.locale) });
  if (parsed.success) return { success: true, data: parsed.data };
  return { success: false, fieldErrors: translateFieldErrors(z.flattenError(parsed.error).fieldErrors as FieldErrors, i18n) };
}

export function translateFieldErrors(fieldErrors: FieldErrors, i18n: Translator): FieldErrors {
  return Object.fromEntries(
    Object.entries(fieldErrors).map(([field, messages]) => [field, messages?.map((text) => (isMessageKey(text) ? i18n.say({ key: text }) : text))]),
  );
}

/** The 4xx an action returns for the page to show: errors per field and/or one message for the form. */
export function invalidForm(errors: { fieldErrors?: FieldErrors; formError?: string }, status = 400) {
  return data({ fieldErrors: errors.fieldErrors ?? {}, formError: errors.formError ?? null }, { status });
}

/** Like a browser's URL-encoded form, but refusing what a browser never sends: a bad `%` escape or bytes that are not UTF-8. */
function decodeUrlEncoded(body: string): FormData {
  const decode = (text: string) => decodeURIComponent(text.replaceAll("+", " "));
  const form = new FormData();
  for (const pair of body.split("&")) {
    if (!pair) continue;
    const at = pair.indexOf("=");
    form.append(decode(at < 0 ? pair : pair.slice(0, at)), at < 0 ? "" : decode(pair.slice(at + 1)));
  }
  return form;
}

const isUrlEncoded = (request: Request) => request.headers.get("content-type")?.split(";")[0].trim().toLowerCase() === "application/x-www-form-urlencoded";

/**
 * The submitted form; a body that is not one (JSON, broken multipart, plain
 * text, broken encoding) is a 400, never a 500. So is a field sent twice: our
 * forms never repeat a name, and routes that read one copy (`form.get`) while
 * the schema reads another (`Object.fromEntries`) must never disagree.
 * `repeatable` names the fields a form does repeat on purpose (a list, read
 * with `form.getAll`).
 */
export async function readFormData(request: Request, i18n: Translator, repeatable: readonly string[] = []): Promise<FormData> {
  let form: FormData;
  try {
    form = isUrlEncoded(request) ? decodeUrlEncoded(await request.text()) : await request.formData();
  } catch {
    throw invalidForm({ formError: i18n.t("errors.notAForm") });
  }
  const names = [...form.keys()].filter((name) => !repeatable.includes(name));
  if (new Set(names).size < names.length) throw invalidForm({ formError: i18n.t("errors.repeatedField") });
  return form;
}
