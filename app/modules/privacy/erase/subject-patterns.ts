import type { SubjectTraces } from "./subject-traces";

/** `ilike` patterns that find candidate rows in SQL (the precise check is `mentionsSubject`). */
export function subjectPatterns(traces: SubjectTraces) {
  const escape = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);
  return [...traces.texts.map((text) => `%${escape(text)}%`), ...traces.phoneTails.map((tail) => `%${tail.slice(-4)}%`)];
}
