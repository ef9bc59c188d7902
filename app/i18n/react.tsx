import { createContext, useContext, type ReactNode } from "react";
import type { Locale } from "./locales";
import { getTranslator, type Translator } from "./translator";

const I18nContext = createContext<Translator | null>(null);

/** Set once in the root layout from the locale the server resolved for this request. */
export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <I18nContext.Provider value={getTranslator(locale)}>{children}</I18nContext.Provider>;
}

/** The reader's language: `t(key, params)` and locale-aware money, numbers and dates. */
export function useI18n(): Translator {
  const translator = useContext(I18nContext);
  if (!translator) throw new Error("useI18n needs the root layout's <I18nProvider>");
  return translator;
}
