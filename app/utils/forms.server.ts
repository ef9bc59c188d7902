import { data } from "@remix-run/node";
import { z } from "zod";

// Messages zod writes itself (a missing field, a wrong type) in the users' language.
z.config(z.locales.ptBR());

export type FieldErrors = Record<string, string[] | undefined>;

export type FormResult<T> = { success: true; data: T } | { success: false; fieldErrors: FieldErrors };

/** Parses a submitted form with zod; failures come back as per-field messages. */
export async function parseForm<S extends z.ZodType>(request: Request, schema: S): Promise<FormResult<z.infer<S>>> {
  return parseFormData(await readFormData(request), schema);
}

export function parseFormData<S extends z.ZodType>(form: FormData, schema: S): FormResult<z.infer<S>> {
  const parsed = schema.safeParse(Object.fromEntries(form));
  if (parsed.success) return { success: true, data: parsed.data };
  return { success: false, fieldErrors: z.flattenError(parsed.error).fieldErrors as FieldErrors };
}

/** The 4xx an action returns for the page to show: errors per field and/or one message for the form. */
export function invalidForm(errors: { fieldErrors?: FieldErrors; formError?: string }, status = 400) {
  return data({ fieldErrors: errors.fieldErrors ?? {}, formError: errors.formError ?? null }, { status });
}

/** The submitted form; a body that is not one (JSON, broken multipart, plain text) is a 400, never a 500. */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw invalidForm({ formError: "O envio não é um formulário válido. Recarregue a página e tente de novo." });
  }
}
