/**
 * Text PostgreSQL will store: no NUL, no half of a surrogate pair (jsonb and
 * text refuse both). A model's answer, a transcript or a cut in the middle of
 * an emoji must not make a save fail — a failed save is retried and paid for
 * again.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function cleanText(text: string) {
  return text.replace(LONE_SURROGATE, "\ufffd").replaceAll("\u0000", "");
}

/** Every string inside a JSON-like value, cleaned. */
export function cleanStrings<T>(value: T): T {
  if (typeof value === "string") return cleanText(value) as T;
  if (Array.isArray(value)) return value.map(cleanStrings) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cleanStrings(item)])) as T;
  return value;
}
