/**
 * What identifies a data subject in copied text: their names and e-mails
 * (matched case-insensitively inside any string) and the last eight digits of
 * each of their phones (matched inside a string's digits, so "+55 11
 * 98765-4321", "5511987654321" and "11987654321" are one phone, with or
 * without the ninth digit).
 */
export interface SubjectTraces {
  texts: string[];
  phoneTails: string[];
}

const PHONE_TAIL_DIGITS = 8;
/** Shorter names would match inside unrelated words. */
const MIN_TEXT_LENGTH = 3;

/** The traces of these names, e-mails and phones (blanks and duplicates dropped). */
export function subjectTracesOf(values: { texts: (string | null | undefined)[]; phones: (string | null | undefined)[] }): SubjectTraces {
  const texts = new Set<string>();
  for (const text of values.texts) {
    const trimmed = text?.trim().toLocaleLowerCase("pt-BR");
    if (trimmed && trimmed.length >= MIN_TEXT_LENGTH) texts.add(trimmed);
  }
  const phoneTails = new Set<string>();
  for (const phone of values.phones) {
    const digits = phone?.replace(/\D/g, "") ?? "";
    if (digits.length >= PHONE_TAIL_DIGITS) phoneTails.add(digits.slice(-PHONE_TAIL_DIGITS));
  }
  return { texts: [...texts], phoneTails: [...phoneTails] };
}

/** Whether a string names the subject. */
export function mentionsSubject(value: string, traces: SubjectTraces) {
  const lower = value.toLocaleLowerCase("pt-BR");
  if (traces.texts.some((text) => lower.includes(text))) return true;
  const digits = value.replace(/\D/g, "");
  return digits.length >= PHONE_TAIL_DIGITS && traces.phoneTails.some((tail) => digits.includes(tail));
}

/**
 * A JSON value with every string (or number) that names the subject emptied
 * ("" and null), and every string and number under `alwaysBlank` keys emptied
 * whatever it says (the shape stays: readers of a change's from/to still find
 * them); `changed` says whether anything was.
 */
export function scrubSubject(value: unknown, traces: SubjectTraces, alwaysBlank: ReadonlySet<string> = new Set()): { value: unknown; changed: boolean } {
  let changed = false;
  const walk = (node: unknown, blank = false): unknown => {
    if (typeof node === "string") {
      if (node === "" || (!blank && !mentionsSubject(node, traces))) return node;
      changed = true;
      return "";
    }
    if (typeof node === "number") {
      if (!blank && !mentionsSubject(String(node), traces)) return node;
      changed = true;
      return null;
    }
    if (Array.isArray(node)) return node.map((child) => walk(child, blank));
    if (node && typeof node === "object") {
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, walk(child, blank || alwaysBlank.has(key))]));
    }
    return node;
  };
  return { value: walk(value), changed };
}

/** `ilike` patterns that find candidate rows in SQL (the precise check is `mentionsSubject`). */
export function subjectPatterns(traces: SubjectTraces) {
  const escape = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);
  return [...traces.texts.map((text) => `%${escape(text)}%`), ...traces.phoneTails.map((tail) => `%${tail.slice(-4)}%`)];
}
