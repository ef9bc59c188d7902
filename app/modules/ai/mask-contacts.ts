/**
 * Hides phone numbers and e-mail addresses in conversation text before it
 * leaves for an AI provider, except the lead's own (`keep`), which the
 * summary may need. The tokens are language-neutral so they read the same in
 * a pt-BR or English prompt.
 */
export const PHONE_TOKEN = "[phone]";
export const EMAIL_TOKEN = "[email]";

const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/**
 * A run of digits with the separators people type in phone numbers (spaces,
 * hyphens, parentheses, a leading +), starting and ending on a digit and not
 * glued to a word, a decimal point or a time: dots, commas, slashes and
 * colons are not separators, which leaves prices ("R$ 12.500,00"), dates
 * ("29/11/2026") and times ("14:30") whole and short.
 */
const PHONE_CANDIDATE = /(?<![\w.,@+-])(?:\+ ?)?\(?\d[\d ()\u00a0-]{6,}\d(?![\w:@-]|[.,]\d)/g;

const MONEY_OR_CEP_BEFORE = /(?:R\$|US\$|\$|€|£|\bCEP:?)\s*$/i;
const MIN_PHONE_DIGITS = 8;
const MAX_PHONE_DIGITS = 15;

const digitsOf = (text: string) => text.replace(/\D/g, "");

function isPhone(candidate: string, before: string): boolean {
  const digits = digitsOf(candidate);
  if (digits.length < MIN_PHONE_DIGITS || digits.length > MAX_PHONE_DIGITS) return false;
  if (MONEY_OR_CEP_BEFORE.test(before)) return false;
  if (candidate.startsWith("+")) return true;
  // A local number without area code only when written like one ("98765-4321", "3456 7890"): not a CEP ("01310-100") nor an 8-digit date.
  if (digits.length <= 9) return /^\d{4,5}[ -]\d{4}$/.test(candidate);
  // Phone numbers end in a block of 4 or more digits; a list of sizes or prices ("36 38 40 42 44") does not.
  if (!/\d{4}$/.test(candidate)) return false;
  // With area code ("(11) 98765-4321", "11987654321"); longer without "+" only when it starts with Brazil's 55.
  return digits.length <= 11 || (digits.startsWith("55") && digits.length <= 13);
}

/** Same number when one's digits end the other's, at least 8 of them: "+55 11 98765-4321" is "(11) 98765-4321" and "98765-4321". */
function samePhone(a: string, b: string): boolean {
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return shorter.length >= MIN_PHONE_DIGITS && longer.endsWith(shorter);
}

export function maskContacts(text: string, options: { keep: readonly string[] } = { keep: [] }): string {
  const keptEmails = new Set(options.keep.filter((entry) => entry.includes("@")).map((entry) => entry.trim().toLowerCase()));
  const keptPhones = options.keep.filter((entry) => !entry.includes("@")).map(digitsOf).filter((digits) => digits.length >= MIN_PHONE_DIGITS);

  const withoutEmails = text.replace(EMAIL, (email) => (keptEmails.has(email.toLowerCase()) ? email : EMAIL_TOKEN));
  return withoutEmails.replace(PHONE_CANDIDATE, (candidate: string, offset: number, whole: string) => {
    if (!isPhone(candidate, whole.slice(Math.max(0, offset - 8), offset))) return candidate;
    const digits = digitsOf(candidate);
    return keptPhones.some((kept) => samePhone(kept, digits)) ? candidate : PHONE_TOKEN;
  });
}
