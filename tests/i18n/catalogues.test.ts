import { describe, expect, it } from "vitest";
import { en } from "~/i18n/messages/en";
import { ptBR } from "~/i18n/messages/pt-BR";
import { localeFromAcceptLanguage, resolveLocale } from "~/i18n/locale.server";
import { getTranslator } from "~/i18n/translator.server";

const catalogues = { "pt-BR": ptBR as Record<string, unknown>, en: en as Record<string, unknown> };

function placeholders(message: unknown): string[] {
  const texts = typeof message === "string" ? [message] : Object.values(message as Record<string, string>);
  return [...new Set(texts.flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1])))].sort();
}

describe("message catalogues", () => {
  it("have exactly the same keys", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ptBR).sort());
  });

  it.each(Object.keys(ptBR))("%s: same shape and placeholders in every language, nothing empty", (key) => {
    const source = catalogues["pt-BR"][key];
    for (const [locale, catalogue] of Object.entries(catalogues)) {
      const message = catalogue[key];
      expect(typeof message, `${locale} ${key}`).toBe(typeof source);
      if (typeof message === "object") expect(Object.keys(message as object).sort(), `${locale} ${key}`).toEqual(Object.keys(source as object).sort());
      expect(placeholders(message), `${locale} ${key}`).toEqual(placeholders(source));
      const texts = typeof message === "string" ? [message] : Object.values(message as Record<string, string>);
      for (const text of texts) expect(text.trim(), `${locale} ${key}`).not.toBe("");
    }
  });
});

describe("the translator", () => {
  const pt = getTranslator("pt-BR");
  const english = getTranslator("en");

  it("interpolates and formats numbers the reader's way", () => {
    expect(pt.t("members.notice.invited", { email: "ana@x.test" })).toBe("Convite enviado para ana@x.test.");
    expect(english.t("members.notice.invited", { email: "ana@x.test" })).toBe("Invitation sent to ana@x.test.");
    expect(pt.t("board.leadCount", { count: 1234 })).toBe("1.234 leads");
    expect(english.t("board.leadCount", { count: 1234 })).toBe("1,234 leads");
  });

  it("chooses plural forms with Intl.PluralRules, with an exact zero", () => {
    expect([0, 1, 2].map((count) => pt.t("board.leadCount", { count }))).toEqual(["0 leads", "1 lead", "2 leads"]);
    expect([0, 1, 2].map((count) => english.t("board.leadCount", { count }))).toEqual(["0 leads", "1 lead", "2 leads"]);
    expect(pt.t("pipeline.notice.archivedMoved", { count: 1, stage: "Proposta" })).toBe("Etapa arquivada. 1 lead foi para Proposta.");
    expect(english.t("pipeline.notice.archivedMoved", { count: 3, stage: "Proposta" })).toBe("Stage archived. 3 leads went to Proposta.");
  });

  it("writes money in the organization's currency, the reader's way", () => {
    expect(pt.money("1234.56", "BRL")).toBe("R$\u00a01.234,56");
    expect(english.money("1234.56", "BRL")).toBe("R$1,234.56");
    expect(english.money("1500", "USD")).toBe("$1,500");
    expect(pt.currencySymbol("BRL")).toBe("R$");
    expect(english.decimal(4500)).toBe("4,500.00");
    expect(pt.decimal(4500)).toBe("4.500,00");
  });

  it("says relative times in the reader's language", () => {
    const now = Date.parse("2026-11-22T12:00:00Z");
    expect(pt.relative("2026-11-22T09:00:00Z", now)).toBe("há 3 horas");
    expect(english.relative("2026-11-22T09:00:00Z", now)).toBe("3 hours ago");
    expect(pt.relative("2026-11-22T11:59:40Z", now)).toBe("agora");
    expect(english.relative("2026-11-22T11:59:40Z", now)).toBe("just now");
    expect(english.relative("2026-11-21T11:00:00Z", now)).toBe("yesterday");
  });

  it("formats dates in the organization's time zone, the reader's way", () => {
    expect(pt.dateTime("2026-11-22T15:30:00Z", "America/Sao_Paulo")).toBe("22/11/2026, 12:30");
    expect(english.dateTime("2026-11-22T15:30:00Z", "America/Sao_Paulo")).toBe("11/22/26, 12:30 PM");
  });
});

describe("locale resolution", () => {
  const resolve = (userLocale: string | null, cookie: string | null, acceptLanguage: string | null) =>
    resolveLocale({ userLocale, cookieHeader: cookie, acceptLanguage });

  it("prefers the member's saved choice, then the cookie, then the browser, then pt-BR", () => {
    expect(resolve("en", "locale=pt-BR", "pt-BR")).toBe("en");
    expect(resolve("pt-BR", "locale=en", "en-US")).toBe("pt-BR");
    expect(resolve(null, "__session=x; locale=en", "pt-BR,pt;q=0.9")).toBe("en");
    expect(resolve(null, "locale=pt-BR", "en-US,en;q=0.9")).toBe("pt-BR");
    expect(resolve(null, null, "en-GB,en;q=0.9")).toBe("en");
    expect(resolve(null, null, "de-DE,de;q=0.9")).toBe("pt-BR");
    expect(resolve(null, null, null)).toBe("pt-BR");
  });

  it("ignores values it does not speak", () => {
    expect(resolve("fr", "locale=de", "en")).toBe("en");
    expect(resolve(null, "locale=%E0%A4%A", "pt")).toBe("pt-BR");
  });

  it("reads Accept-Language by weight, keeping the browser's order on ties", () => {
    expect(localeFromAcceptLanguage("pt;q=0.5, en;q=0.8")).toBe("en");
    expect(localeFromAcceptLanguage("de, pt-PT, en")).toBe("pt-BR");
    expect(localeFromAcceptLanguage("en;q=0, pt;q=0.1")).toBe("pt-BR");
    expect(localeFromAcceptLanguage("*")).toBeNull();
    expect(localeFromAcceptLanguage("")).toBeNull();
  });
});
