import type { PlainMessageKey } from "./catalogue";
import { DEFAULT_LOCALE, isLocale, type Locale } from "./locales";
import { getTranslator } from "./translator";

type Match = { id: string; data: unknown };

/** Meta functions run outside React: they read the request's locale from the root loader's data. */
export function localeOf(matches: readonly Match[]): Locale {
  const root = matches.find((match) => match.id === "root")?.data as { locale?: unknown } | undefined;
  return isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
}

/** `<title>` of a page: "Quadro · Loved CRM" / "Board · Loved CRM". */
export function pageTitle(matches: readonly Match[], page: PlainMessageKey | { text: string }) {
  const { t } = getTranslator(localeOf(matches));
  const name = typeof page === "object" ? page.text : t(page);
  return [{ title: t("app.pageTitle", { page: name }) }];
}
