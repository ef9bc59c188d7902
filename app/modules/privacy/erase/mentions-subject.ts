import { PHONE_TAIL_DIGITS, type SubjectTraces } from "./subject-traces";

/** Whether a string names the subject. */
export function mentionsSubject(value: string, traces: SubjectTraces) {
  const lower = value.toLocaleLowerCase("pt-BR");
  if (traces.texts.some((text) => lower.includes(text))) return true;
  const digits = value.replace(/\D/g, "");
  return digits.length >= PHONE_TAIL_DIGITS && traces.phoneTails.some((tail) => digits.includes(tail));
}
