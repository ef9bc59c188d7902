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

export const PHONE_TAIL_DIGITS = 8;
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
