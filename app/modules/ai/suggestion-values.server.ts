import type { SummaryOutput } from "./summary-output.server";
import { leadFieldsSchema, parseMoney } from "~/modules/leads/lead-fields.server";

type Extracted = SummaryOutput["extracted"];

/** numeric(14, 2): twelve digits before the decimal separator, as the lead form allows. */
const MAX_WHOLE_DIGITS = 12;
const SCALES: [RegExp, number][] = [
  [/^(mil|k|thousand)$/i, 1_000],
  [/^(milh(ão|ões|ao|oes)|mi|million|millions|mm)$/i, 1_000_000],
];

/** "R$ 15 mil", "15k", "R$ 12.500,00", "2 milhões" → "15000.00"…; null when no amount within the lead's limits can be read. */
export function amountOf(budget: string): string | null {
  const match = /(\d[\d.,]*)\s*([a-zãõ]+)?/i.exec(budget);
  if (!match) return null;
  const parsed = parseMoney(match[1]);
  if (!parsed.ok) return null;
  const scale = match[2] ? (SCALES.find(([pattern]) => pattern.test(match[2]))?.[1] ?? 1) : 1;
  const [whole, fraction] = parsed.value.split(".");
  const cents = BigInt(whole + fraction) * BigInt(scale);
  const text = cents.toString().padStart(3, "0");
  const amount = `${text.slice(0, -2)}.${text.slice(-2)}`;
  return amount.split(".")[0].length > MAX_WHOLE_DIGITS ? null : amount;
}

/**
 * What accepting an extracted detail would write, checked as the lead form
 * checks it (a model may answer "[email]" or a company with a NUL): the
 * value, or null when it is not one the lead could hold. The panel offers
 * only these; the accept intent writes only these.
 */
export function acceptableValue(field: keyof Extracted, extracted: Extracted): string | null {
  const value = extracted[field];
  if (!value) return null;
  switch (field) {
    case "company":
    case "email": {
      const parsed = leadFieldsSchema.shape[field].safeParse(value);
      return parsed.success ? (parsed.data ?? null) : null;
    }
    case "budget":
      return amountOf(value);
    case "deadline":
      return value.trim() || null;
  }
}
