/**
 * Best-effort details quoted from the lead's own words: nothing is computed or
 * reformatted, so a value is always a piece of the conversation.
 */
export const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

const BUDGET_PATTERNS = [
  /R\$\s?\d[\d.,]*(?:\s?(?:mil|milh(?:ão|ões|ao|oes)|k)\b)?/i,
  /(?:US|USD\s?)?\$\s?\d[\d.,]*(?:\s?(?:k|mil|thousand|million)\b)?/i,
  /\b\d[\d.,]*\s?(?:mil reais|reais|d[oó]lares|dollars|USD|BRL|EUR|euros)\b/i,
  /€\s?\d[\d.,]*(?:\s?k\b)?/i,
];

/** "da empresa Acme", "trabalho na Acme Ltda", "from Acme Corp", "at Acme": capitalised words only. */
const NAME_WORD = String.raw`[\p{Lu}][\p{L}\p{N}&'-]*(?:\.[\p{L}\p{N}]+)*`;
const COMPANY_PATTERNS = [
  new RegExp(String.raw`\b(?:da|na|pela) empresa\s+(${NAME_WORD}(?:\s+(?:${NAME_WORD}|&|de|do|da)){0,3})`, "u"),
  new RegExp(String.raw`\bempresa\s+(${NAME_WORD}(?:\s+${NAME_WORD}){0,3})`, "u"),
  // "sou a Ana da Construtora Horizonte", "aqui é o Paulo, da Padaria Sol", "trabalho na Horizonte"
  new RegExp(String.raw`\b(?:sou|aqui é|me chamo|meu nome é)\s+(?:[oa]\s+)?${NAME_WORD}(?:\s+${NAME_WORD})?,?\s+(?:da|do)\s+(${NAME_WORD}(?:\s+${NAME_WORD}){0,3})`, "u"),
  new RegExp(String.raw`\b(?:trabalho|falo)\s+(?:na|no|da|do)\s+(${NAME_WORD}(?:\s+${NAME_WORD}){0,3})`, "u"),
  new RegExp(String.raw`\b(?:from|at|with|company is)\s+(${NAME_WORD}(?:\s+(?:${NAME_WORD}|&)){0,3})`, "u"),
];

const NOT_COMPANIES = new Set(["I", "We", "You", "The", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Google", "Zoom"]);

export function findEmail(text: string): string | null {
  return text.match(EMAIL_PATTERN)?.[0].slice(0, 254) ?? null;
}

export function findBudget(text: string): string | null {
  for (const pattern of BUDGET_PATTERNS) {
    const match = text.match(pattern);
    if (match) return match[0].trim().replace(/[.,]+$/, "").slice(0, 80);
  }
  return null;
}

export function findCompany(text: string): string | null {
  for (const pattern of COMPANY_PATTERNS) {
    const name = text.match(pattern)?.[1]?.replace(/(?:\s+(?:&|de|do|da))+$/, "").trim();
    if (name && !NOT_COMPANIES.has(name.split(" ")[0])) return name.slice(0, 160);
  }
  return null;
}
