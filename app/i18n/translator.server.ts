import { createHash } from "node:crypto";
import type { Catalogue, MessageKey } from "./catalogue";
import { LOCALES, type Locale } from "./locales";
import { en } from "./messages/en";
import { ptBR } from "./messages/pt-BR";
import { catalogueScript, createTranslator } from "./translator";

const CATALOGUES: Record<Locale, Catalogue> = { "pt-BR": ptBR, en };
for (const locale of LOCALES) createTranslator(locale, CATALOGUES[locale]);

export { getTranslator } from "./translator";

/**
 * Each language's catalogue as a script, versioned by its content: pages
 * load it from `catalogueScriptUrl`, so the browser caches it for good and
 * no document or root revalidation carries ~18 KB of messages again.
 */
const SCRIPTS = Object.fromEntries(
  LOCALES.map((locale) => {
    const body = catalogueScript(locale, CATALOGUES[locale]);
    return [locale, { body, version: createHash("sha256").update(body).digest("hex").slice(0, 12) }];
  }),
) as Record<Locale, { body: string; version: string }>;

export function catalogueScriptOf(locale: Locale) {
  return SCRIPTS[locale];
}

export function catalogueScriptUrl(locale: Locale) {
  return `/i18n/${locale}.js?v=${SCRIPTS[locale].version}`;
}

/** For server messages that travel as keys (domain errors): a key of the catalogue or not. */
export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === "string" && Object.hasOwn(ptBR, value);
}
