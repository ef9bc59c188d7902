import { createContext, useContext, type ReactNode } from "react";
import { DEFAULT_LOCALE, type Locale } from "./locales";
import { getTranslator, type Translator } from "./translator";

const I18nContext = createContext<Translator>(getTranslator(DEFAULT_LOCALE));

/** Set once in the root layout from the locale the server resolved for this request. */
export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <I18nContext.Provider value={getTranslator(locale)}>{children}</I18nContext.Provider>;
}

/** The reader's language: `t(key, params)` and locale-aware money, numbers and dates. */
export function useI18n(): Translator {
  return useContext(I18nContext);
}
