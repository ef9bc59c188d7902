/**
 * Sentiment words for the local analyzer (pt-BR and English), keyed by their
 * normalised form (lower case, no accents, no apostrophes). Weights run from
 * −3 (furious) to 3 (delighted); a negator within the next three words flips
 * and softens a weight, an intensifier right before it strengthens it.
 */

/** Lower case without accents, same length as the input so offsets still point into the original text. */
export function normalizeKeepingLength(text: string): string {
  let out = "";
  for (const ch of text) {
    const base = ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    const mapped = ch === "\u2019" || ch === "\u2018" ? "'" : base;
    out += mapped.length === ch.length ? mapped : ch;
  }
  return out;
}

/** Normalised words: lower case, accents and apostrophes removed ("don't" → "dont", "não" → "nao"). */
export function words(text: string): string[] {
  return normalizeKeepingLength(text)
    .replace(/'/g, "")
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

const entries: [number, string][] = [
  // pt-BR, positive
  [3, "excelente perfeito perfeita adorei adoramos amei amamos maravilhoso maravilhosa incrivel sensacional fantastico fantastica espetacular"],
  [2.5, "parabens superou superaram encantado encantada"],
  [2, "otimo otima otimos otimas gostei gostamos satisfeito satisfeita satisfeitos feliz felizes show top recomendo eficiente sucesso animado animada animados"],
  [1.5, "bacana agradeco funcionou funcionando ajudou"],
  [1, "bom boa bons boas obrigado obrigada valeu legal rapido rapida beleza interessado interessada gostaria"],
  // pt-BR, negative
  [-3, "pessimo pessima horrivel decepcionado decepcionada decepcao insatisfeito insatisfeita absurdo absurda inaceitavel irritado irritada furioso furiosa descaso ridiculo"],
  [-2.5, "frustrado frustrada pior vergonha prejuizo enrolando enrolacao"],
  [-2, "ruim atraso atrasos atrasado atrasada atrasados atrasou reclamacao falha quebrado quebrou chateado chateada cansado cansada carissimo"],
  [-1.5, "problema problemas erro erros lento lenta demora demorando demorou desistir sumiram perdendo perdemos"],
  [-1, "caro cancelar cancelamento"],
  // English, positive
  [3, "excellent perfect love loved amazing awesome fantastic wonderful brilliant outstanding delighted thrilled"],
  [2.5, "impressed exceeded"],
  [2, "great happy pleased glad satisfied recommend excited congrats congratulations"],
  [1.5, "nice helpful smooth appreciate appreciated"],
  [1, "good thanks thank fast interested"],
  // English, negative
  [-3, "terrible awful horrible disappointed disappointing unacceptable angry unhappy worst ridiculous useless furious sucks"],
  [-2.5, "upset frustrated frustrating waste"],
  [-2, "bad delayed delay delays annoyed broken poor complaint mess ignored"],
  [-1.5, "late problem problems error errors slow refund missed losing lost"],
  [-1, "issue issues expensive cancel cancellation"],
];

export const SENTIMENT_WORDS: ReadonlyMap<string, number> = new Map(
  entries.flatMap(([weight, list]) => list.split(" ").map((word) => [word, weight] as [string, number])),
);

export const NEGATORS: ReadonlySet<string> = new Set(
  "nao nunca jamais nem sem nenhum nenhuma not never no dont doesnt didnt isnt wasnt arent werent cant cannot wont havent hasnt nothing without".split(" "),
);

export const INTENSIFIERS: ReadonlySet<string> = new Set(
  "muito muita muitos muitas super bem extremamente totalmente bastante tao very really so extremely totally too incredibly absolutely".split(" "),
);

const NEGATION_WINDOW = 3;
const NEGATION_FACTOR = -0.8;
const INTENSIFIER_FACTOR = 1.6;

/** Sum of the weights of a text's sentiment words, negation and intensifiers applied. */
export function sentimentOf(text: string): { score: number; hits: number } {
  const tokens = words(text);
  let score = 0;
  let hits = 0;
  let negatedFor = 0;
  let intensified = false;
  for (const token of tokens) {
    if (NEGATORS.has(token)) {
      negatedFor = NEGATION_WINDOW;
      continue;
    }
    if (INTENSIFIERS.has(token)) {
      intensified = true;
      continue;
    }
    const weight = SENTIMENT_WORDS.get(token);
    if (weight !== undefined) {
      let value = weight;
      if (intensified) value *= INTENSIFIER_FACTOR;
      if (negatedFor > 0) value *= NEGATION_FACTOR;
      score += value;
      hits += 1;
    }
    intensified = false;
    if (negatedFor > 0) negatedFor -= 1;
  }
  return { score, hits };
}
