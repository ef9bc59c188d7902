/**
 * Dates written in a message, read relative to `now` (UTC calendar days):
 * ISO dates, dd/mm[/yyyy] (mm/dd in English), "5 de dezembro", "December 5",
 * hoje/amanhã/today/tomorrow, weekdays and "next week". The normalised text
 * (lower case, no accents) is searched; `text` is the matched words.
 */
export type FoundDate = { iso: string; text: string; index: number };

const MONTHS_PT = ["janeiro", "fevereiro", "marco", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"];
const MONTHS_EN = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const WEEKDAYS_PT = ["domingo", "segunda", "terca", "quarta", "quinta", "sexta", "sabado"];
const WEEKDAYS_EN = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

const DAY_MS = 86_400_000;

function utcDay(now: Date): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}

function iso(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** A calendar date, or null when it does not exist; without a year, the next one on or after today. */
function calendar(now: Date, month: number, day: number, year?: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  let y = year ?? now.getUTCFullYear();
  if (y < 100) y += 2000;
  let time = Date.UTC(y, month - 1, day);
  if (new Date(time).getUTCDate() !== day) return null;
  if (year === undefined && time < utcDay(now)) {
    time = Date.UTC(y + 1, month - 1, day);
    if (new Date(time).getUTCDate() !== day) return null;
  }
  return iso(time);
}

export function findDates(normalized: string, original: string, now: Date, language: "pt-BR" | "en"): FoundDate[] {
  const found: FoundDate[] = [];
  const today = utcDay(now);
  const add = (index: number, length: number, value: string | null) => {
    if (value !== null) found.push({ iso: value, text: original.slice(index, index + length), index });
  };
  for (const m of normalized.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/g)) add(m.index, m[0].length, calendar(now, Number(m[2]), Number(m[3]), Number(m[1])));
  for (const m of normalized.matchAll(/\b(\d{1,2})\/(\d{1,2})(?:\/(\d{2}|\d{4}))?\b/g)) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    const year = m[3] === undefined ? undefined : Number(m[3]);
    add(m.index, m[0].length, language === "en" ? calendar(now, a, b, year) : calendar(now, b, a, year));
  }
  const ptMonths = MONTHS_PT.join("|");
  for (const m of normalized.matchAll(new RegExp(`\\b(\\d{1,2}) de (${ptMonths})\\b`, "g"))) add(m.index, m[0].length, calendar(now, MONTHS_PT.indexOf(m[2]) + 1, Number(m[1])));
  const enMonths = MONTHS_EN.join("|");
  for (const m of normalized.matchAll(new RegExp(`\\b(${enMonths}) (\\d{1,2})(?:st|nd|rd|th)?\\b`, "g"))) add(m.index, m[0].length, calendar(now, MONTHS_EN.indexOf(m[1]) + 1, Number(m[2])));
  for (const m of normalized.matchAll(/\b(depois de amanha|day after tomorrow|amanha|tomorrow|hoje|today|semana que vem|proxima semana|next week)\b/g)) {
    const offset = { "depois de amanha": 2, "day after tomorrow": 2, amanha: 1, tomorrow: 1, hoje: 0, today: 0 }[m[1]] ?? 7;
    add(m.index, m[0].length, iso(today + offset * DAY_MS));
  }
  const weekdays = [...WEEKDAYS_PT, ...WEEKDAYS_EN].join("|");
  for (const m of normalized.matchAll(new RegExp(`\\b(${weekdays})(-feira)?\\b`, "g"))) {
    const target = WEEKDAYS_PT.includes(m[1]) ? WEEKDAYS_PT.indexOf(m[1]) : WEEKDAYS_EN.indexOf(m[1]);
    const ahead = (target - new Date(today).getUTCDay() + 7) % 7 || 7;
    add(m.index, m[0].length, iso(today + ahead * DAY_MS));
  }
  // "depois de amanhã" also contains "amanhã": keep the longer match.
  return found
    .filter((date) => !found.some((other) => other !== date && other.index <= date.index && other.index + other.text.length >= date.index + date.text.length && other.text.length > date.text.length))
    .sort((a, b) => a.index - b.index);
}
