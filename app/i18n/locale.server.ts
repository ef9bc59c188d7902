import { DEFAULT_LOCALE, isLocale, matchLocale, type Locale } from "./locales";

/** Visitors' choice on the login and sign-up pages; members' choice lives on their user row. */
export const LOCALE_COOKIE = "locale";
const LOCALE_COOKIE_MAX_AGE_S = 400 * 24 * 60 * 60;

function readCookie(header: string | null, name: string): string | null {
  for (const part of header?.split(";") ?? []) {
    const [key, ...value] = part.trim().split("=");
    // Compared raw: the values we accept need no decoding, and a malformed escape must not become a 500.
    if (key === name) return value.join("=");
  }
  return null;
}

/** The best language the browser asks for that we speak, by its q-weights (ties keep the browser's order). */
export function localeFromAcceptLanguage(header: string | null): Locale | null {
  const ranges = (header ?? "")
    .split(",")
    .map((entry, index) => {
      const [tag, ...params] = entry.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag, weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((range) => range.tag && range.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const range of ranges) {
    const locale = matchLocale(range.tag);
    if (locale) return locale;
  }
  return null;
}

/** The order is the product's rule: the member's saved choice, the visitor's cookie, the browser, pt-BR. */
export function resolveLocale(input: { userLocale: string | null | undefined; cookieHeader: string | null; acceptLanguage: string | null }): Locale {
  if (isLocale(input.userLocale)) return input.userLocale;
  const fromCookie = readCookie(input.cookieHeader, LOCALE_COOKIE);
  if (isLocale(fromCookie)) return fromCookie;
  return localeFromAcceptLanguage(input.acceptLanguage) ?? DEFAULT_LOCALE;
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Same attributes as the session cookie: Secure everywhere but loopback (TLS may end at a proxy). */
export function serializeLocaleCookie(locale: Locale, request: Request) {
  const secure = LOCAL_HOSTS.has(new URL(request.url).hostname) ? "" : "; Secure";
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${LOCALE_COOKIE_MAX_AGE_S}; HttpOnly; SameSite=Lax${secure}`;
}

/** Forgets a visitor's choice, so the browser's language applies again (a person who chose to follow it). */
export function clearLocaleCookie(request: Request) {
  const secure = LOCAL_HOSTS.has(new URL(request.url).hostname) ? "" : "; Secure";
  return `${LOCALE_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}`;
}
