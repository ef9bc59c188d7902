const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The instant whose UTC calendar and clock read what a wall clock in
 * `timeZone` reads at `at`: the local analyzer counts "amanhã" and "sexta"
 * in UTC days, so it is handed the organization's own day (at 22:00 in São
 * Paulo it is already tomorrow in UTC).
 */
export function wallClockAsUtc(at: Date, timeZone: string): Date {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric", hourCycle: "h23" });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(at).map((part) => [part.type, Number(part.value)]));
  return new Date(Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second));
}
