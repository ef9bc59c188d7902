import type { AppLoadContext } from "@remix-run/node";
import { resolveLocale } from "~/i18n/locale.server";
import type { Locale } from "~/i18n/locales";
import type { Translator } from "~/i18n/translator";
import { getTranslator } from "~/i18n/translator.server";
import { getSessionUser } from "./session.server";

// The load context is one object per HTTP request, shared by the root and route loaders (each gets its own Request copy).
const resolved = new WeakMap<object, Promise<Locale>>();

/** The request's language, resolved once per request however many loaders ask. */
export function getRequestLocale(request: Request, context: AppLoadContext): Promise<Locale> {
  const memo = typeof context === "object" && context !== null;
  const known = memo ? resolved.get(context) : undefined;
  if (known) return known;
  const locale = getSessionUser(request).then((user) =>
    resolveLocale({ userLocale: user?.locale, cookieHeader: request.headers.get("cookie"), acceptLanguage: request.headers.get("accept-language") }),
  );
  if (memo) resolved.set(context, locale);
  return locale;
}

export async function getRequestI18n(request: Request, context: AppLoadContext): Promise<Translator> {
  return getTranslator(await getRequestLocale(request, context));
}
