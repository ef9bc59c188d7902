/** Where a person's dates are shown when they have not chosen (the `users.time_zone` default). */
export const DEFAULT_TIME_ZONE = "America/Sao_Paulo";

/** The IANA zones this runtime knows (region/city names, sorted), the only ones a person may choose. */
export const TIME_ZONES: readonly string[] = Intl.supportedValuesOf("timeZone");
const KNOWN = new Set(TIME_ZONES);

export function isTimeZone(value: unknown): value is string {
  return typeof value === "string" && KNOWN.has(value);
}
