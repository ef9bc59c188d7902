import { storableText } from "~/lib/text";

/**
 * Every string inside a JSON-like value made storable (no NUL, no half of a
 * surrogate pair): a model's answer must not make a save fail — a failed
 * save is retried and paid for again.
 */
export function cleanStrings<T>(value: T): T {
  if (typeof value === "string") return storableText(value) as T;
  if (Array.isArray(value)) return value.map(cleanStrings) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cleanStrings(item)])) as T;
  return value;
}
