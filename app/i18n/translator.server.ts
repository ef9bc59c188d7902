import type { Catalogue, MessageKey } from "./catalogue";
import { LOCALES, type Locale } from "./locales";
import { en } from "./messages/en";
import { ptBR } from "./messages/pt-BR";
import { createTranslator } from "./translator";

const CATALOGUES: Record<Locale, Catalogue> = { "pt-BR": ptBR, en };
for (const locale of LOCALES) createTranslator(locale, CATALOGUES[locale]);

export { getTranslator } from "./translator";

/** The messages of one language, for the root loader to send to the browser (which gets no other). */
export function catalogueOf(locale: Locale): Catalogue {
  return CATALOGUES[locale];
}

/** For server messages that travel as keys (domain errors): a key of the catalogue or not. */
export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === "string" && Object.hasOwn(ptBR, value);
}
