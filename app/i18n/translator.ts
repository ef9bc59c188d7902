import type { Catalogue, LocalizedMessage, Message, MessageKey, ParamsArg } from "./catalogue";
import type { Locale } from "./locales";

export type Translate = <K extends MessageKey>(key: K, ...params: ParamsArg<K>) => string;

export interface Translator {
  locale: Locale;
  t: Translate;
  /** A message the server chose as data (see `message()`). */
  say(message: LocalizedMessage): string;
  /** Money in the organization's currency, written the reader's way ("R$ 1.234,56" / "R$1,234.56"). */
  money(value: string | number | null | undefined, currency: string): string;
  number(value: number): string;
  /** A decimal with two places, as the reader writes it ("4.500,00" / "4,500.00"). */
  decimal(value: number): string;
  /** "R$" for BRL, "US$"/"$" for USD: for labels of money inputs. */
  currencySymbol(currency: string): string;
  /** "há 3 horas" / "3 hours ago", relative to `now` (the request time when rendering on the server). */
  relative(iso: string, now?: number): string;
  dateTime(iso: string, timeZone: string): string;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

function pick(message: Message, rules: Intl.PluralRules, count: unknown): string {
  if (typeof message === "string") return message;
  if (typeof count !== "number") return message.other;
  if (count === 0 && message.zero !== undefined) return message.zero;
  return rules.select(count) === "one" ? message.one : message.other;
}

const cache = new Map<Locale, Translator>();

/**
 * Where the page's catalogue script (`catalogueScript`) leaves the active
 * language's messages for the browser, which bundles none.
 */
const PAGE_CATALOGUES = "__lovedMessages";

type PageCatalogues = Partial<Record<Locale, Catalogue>>;

function pageCatalogue(locale: Locale): Catalogue | undefined {
  if (typeof window === "undefined") return undefined;
  return (window as unknown as Record<string, PageCatalogues | undefined>)[PAGE_CATALOGUES]?.[locale];
}

/** The script that puts a catalogue on the page (served as a cacheable file; inline where no loader ran). */
export function catalogueScript(locale: Locale, catalogue: Catalogue): string {
  const messages = JSON.stringify(catalogue).replace(/</g, "\\u003c");
  return `(window.${PAGE_CATALOGUES} = window.${PAGE_CATALOGUES} || {})[${JSON.stringify(locale)}] = ${messages};\n`;
}

let reloading = false;

/**
 * The translator for `locale`. The server builds every language's
 * (translator.server.ts); the browser builds the one whose catalogue the
 * document carries. When the language changes without a new document (a
 * login as someone who reads another one), the browser keeps speaking the
 * page's language and loads the page again in the new one.
 */
export function getTranslator(locale: Locale): Translator {
  const built = cache.get(locale);
  if (built) return built;
  const fromPage = pageCatalogue(locale);
  if (fromPage) return createTranslator(locale, fromPage);
  const current = typeof window === "undefined" ? undefined : cache.values().next().value;
  if (!current) throw new Error(`No catalogue loaded for ${locale}`);
  if (!reloading) {
    reloading = true;
    setTimeout(() => window.location.reload(), 0);
  }
  return current;
}

/** Everything a page needs to speak `locale`: messages, numbers, money, dates. Built once per locale. */
export function createTranslator(locale: Locale, catalogue: Catalogue): Translator {
  const existing = cache.get(locale);
  if (existing) return existing;
  const rules = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  const decimals = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const relativeFormat = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const moneyFormats = new Map<string, Intl.NumberFormat>();
  const currencySymbols = new Map<string, string>();

  const t: Translate = (key, ...args) => {
    const params: Record<string, string | number> = args[0] ?? {};
    const template = pick(catalogue[key], rules, params.count);
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === "number" ? numbers.format(value) : value;
    });
  };

  const translator: Translator = {
    locale,
    t,
    say: (message) => (t as (key: MessageKey, params?: Record<string, string | number>) => string)(message.key, message.params),
    money(value, currency) {
      const amount = typeof value === "string" ? Number(value) : (value ?? 0);
      // Whole amounts without cents ("R$ 4.500"), others with two places; formatters are built once (boards show hundreds).
      const key = `${currency}:${amount % 1 === 0 ? 0 : 2}`;
      let format = moneyFormats.get(key);
      if (!format) {
        format = new Intl.NumberFormat(locale, { style: "currency", currency, maximumFractionDigits: amount % 1 === 0 ? 0 : 2 });
        moneyFormats.set(key, format);
      }
      return format.format(amount);
    },
    number: (value) => numbers.format(value),
    decimal: (value) => decimals.format(value),
    currencySymbol(currency) {
      let symbol = currencySymbols.get(currency);
      if (symbol === undefined) {
        const parts = new Intl.NumberFormat(locale, { style: "currency", currency }).formatToParts(0);
        symbol = parts.find((part) => part.type === "currency")?.value ?? currency;
        currencySymbols.set(currency, symbol);
      }
      return symbol;
    },
    relative(iso, now = Date.now()) {
      const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
      for (const [unit, size] of UNITS) {
        if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
      }
      return t("time.now");
    },
    dateTime(iso, timeZone) {
      return new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short", timeZone }).format(new Date(iso));
    },
  };
  cache.set(locale, translator);
  return translator;
}
