// A Brazilian number: DDD, then 9 digits (mobile) or 8 (landline, or an old mobile as WhatsApp reports it).
const BRAZIL = /^\+55(\d{2})(\d{4,5})(\d{4})$/;

/**
 * An E.164 number the way people read it: "+55 11 98765-4321" for Brazil
 * (which `normalizePhone` reads back to the same E.164), as stored for
 * other countries, whose grouping varies too much to guess.
 */
export function formatPhone(e164: string): string {
  const brazil = BRAZIL.exec(e164);
  return brazil ? `+55 ${brazil[1]} ${brazil[2]}-${brazil[3]}` : e164;
}

// DDD without zeros, then a 9-digit mobile (starts with 9) or an 8-digit landline (starts with 2–5).
const BRAZIL_TYPED = /^55[1-9]{2}(9\d{8}|[2-5]\d{7})$/;
// Written internationally, 8 digits may also be a mobile without its leading 9, as WhatsApp still
// reports older numbers; typed nationally that is far more often a forgotten 9, so it is refused.
const BRAZIL_INTERNATIONAL = /^55[1-9]{2}(9\d{8}|[2-9]\d{7})$/;

/**
 * A Brazilian number as people type it — "(11) 98765-4321", "11 3456-7890",
 * "011 98765-4321", "+55 11 98765-4321" — or any E.164 number with "+", as
 * E.164 ("+5511987654321"). Null when it cannot be a phone number. Shared
 * by the lead form and the account page (the phone a person takes calls on).
 */
export function normalizePhone(input: string): string | null {
  const raw = input.trim();
  if (!/^\+?[\d\s().-]+$/.test(raw)) return null;
  let digits = raw.replace(/\D/g, "");
  const international = raw.startsWith("+");
  if (!international) {
    // A leading 0 is the national trunk prefix, not part of the number.
    digits = digits.replace(/^0+/, "");
    if (digits.length === 10 || digits.length === 11) digits = `55${digits}`;
    else if (!(digits.startsWith("55") && (digits.length === 12 || digits.length === 13))) return null;
  }
  if (digits.startsWith("55")) return (international ? BRAZIL_INTERNATIONAL : BRAZIL_TYPED).test(digits) ? `+${digits}` : null;
  return /^[1-9]\d{7,14}$/.test(digits) ? `+${digits}` : null;
}
