/** The interface languages. pt-BR is the default and the source language of every message. */
export const LOCALES = ["pt-BR", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "pt-BR";

/** How each language calls itself, for the language switch. */
export const LOCALE_NAMES: Record<Locale, string> = { "pt-BR": "Português (Brasil)", en: "English" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** A BCP 47 tag as browsers send it ("pt", "pt-PT", "en-GB") to the interface language that serves it, if any. */
export function matchLocale(tag: string): Locale | null {
  const language = tag.trim().toLowerCase().split("-")[0];
  if (language === "pt") return "pt-BR";
  if (language === "en") return "en";
  return null;
}
