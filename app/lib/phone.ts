// A Brazilian number: DDD, then 9 digits (mobile) or 8 (landline, or an old mobile as WhatsApp reports it).
const BRAZIL = /^\+55(\d{2})(\d{4,5})(\d{4})$/;

/**
 * An E.164 number the way people read it: "+55 11 98765-4321" for Brazil
 * (which the lead form's parser reads back to the same E.164), as stored for
 * other countries, whose grouping varies too much to guess.
 */
export function formatPhone(e164: string): string {
  const brazil = BRAZIL.exec(e164);
  return brazil ? `+55 ${brazil[1]} ${brazil[2]}-${brazil[3]}` : e164;
}
