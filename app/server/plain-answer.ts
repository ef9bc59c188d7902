import type { Request, Response } from "express";
import { resolveLocale } from "~/i18n/locale.server";
import type { PlainMessageKey } from "~/i18n/catalogue";
import { getTranslator } from "~/i18n/translator.server";

/**
 * A short plain-text refusal from the HTTP edge, before any session is read:
 * the language comes from the visitor's cookie or browser.
 */
export function answerPlain(req: Request, res: Response, status: number, key: PlainMessageKey) {
  const locale = resolveLocale({ userLocale: null, cookieHeader: req.get("cookie") ?? null, acceptLanguage: req.get("accept-language") ?? null });
  res.status(status).type("text/plain").send(getTranslator(locale).t(key));
}
