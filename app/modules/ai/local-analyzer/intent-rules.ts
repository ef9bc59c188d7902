import type { SummaryOutput } from "../summary-output.server";

export type Intent = SummaryOutput["intent"];

/**
 * Keywords per intent, matched against the normalised text (lower case, no
 * accents). A rule's weight counts once per match; the intent with the highest
 * weighted total wins, ties going to the earlier entry of INTENT_PRIORITY.
 */
export const INTENT_RULES: readonly { intent: Exclude<Intent, "other">; weight: number; pattern: RegExp }[] = [
  {
    intent: "cancel",
    weight: 3,
    pattern:
      /\b(cancel(ar|amento|em|e|a|o)?|cancell?(ing|ation|ed)?|desist(ir|imos|o|encia)|rescindir|rescisao|encerrar (o )?contrato|nao quero mais|terminate|unsubscribe|end (the|our) contract|stop the service|dont want to continue)\b/g,
  },
  {
    intent: "purchase",
    weight: 2.5,
    pattern:
      /\b(vamos fechar|fechar (o )?negocio|fechado|fechamos|quero contratar|contratar|podem? (me )?mandar o contrato|manda o contrato|assinar|aprovad[oa]s?|aprovamos|comprar|buy|purchase|sign the contract|go ahead|lets do it|lets move forward|approved|its a deal|send the contract|send the invoice)\b/g,
  },
  {
    intent: "deadline",
    weight: 2,
    pattern:
      /\b(prazos?|entregas?|atrasad[oa]s?|atrasos?|atrasou|quando fica pronto|deadlines?|late|delay(ed|s)?|overdue|when will it be ready|ready by|launch date|go live|went live)\b/g,
  },
  {
    intent: "support",
    weight: 2,
    pattern:
      /\b(nao (esta )?funciona(ndo)?|parou de funcionar|fora do ar|erro|bug|suporte|ajuda com|senha|not working|stopped working|is down|broken|error|support|help with|cant log ?in|password)\b/g,
  },
  {
    intent: "meeting",
    weight: 2,
    pattern: /\b(reuni(ao|oes|r)|agendar|marcar (uma )?(call|conversa|reuniao)|videochamada|meeting|schedule|zoom)\b/g,
  },
  {
    // "Call me", "available": a meeting only when nothing stronger is asked.
    intent: "meeting",
    weight: 1,
    pattern: /\b(call|meet|calendar|disponivel|available)\b/g,
  },
  {
    intent: "pricing",
    weight: 2,
    pattern:
      /\b(desconto|(ta|esta|muito|ficou) cara?|carissim[oa]|abaixar|baixar o (valor|preco)|negociar|parcela(r|mento|do)|precos?|discount|expensive|lower the price|cheaper|too much|best price|payment terms|installments|pricing|price)\b/g,
  },
  {
    intent: "proposal",
    weight: 2,
    pattern: /\b(propostas?|proposals?)\b/g,
  },
  {
    intent: "quote",
    weight: 2,
    pattern: /\b(orcamentos?|cotacao|cotar|quanto custa|quanto sai|quanto fica|quotes?|quotation|estimate|how much (would|does|is|will))\b/g,
  },
];

export const INTENT_PRIORITY: readonly Intent[] = ["cancel", "purchase", "deadline", "support", "meeting", "pricing", "proposal", "quote", "other"];

/** "não quero cancelar", "I don't want to cancel": a keyword right after a negation (up to two words between) does not count. */
const NEGATED_BEFORE = /\b(nao|nunca|jamais|not|never|don'?t|doesn'?t|didn'?t|won'?t|can'?t)\s+(?:[a-z]+\s+){0,2}$/;

/** Weighted keyword hits per intent in one normalised text. */
export function intentHits(normalized: string): Map<Intent, number> {
  const hits = new Map<Intent, number>();
  for (const rule of INTENT_RULES) {
    let count = 0;
    for (const match of normalized.matchAll(rule.pattern)) {
      if (!NEGATED_BEFORE.test(normalized.slice(Math.max(0, match.index - 40), match.index))) count += 1;
    }
    if (count > 0) hits.set(rule.intent, (hits.get(rule.intent) ?? 0) + count * rule.weight);
  }
  return hits;
}

export const URGENT_PATTERN = /\b(urgente|urgencia|hoje|imediatamente|agora mesmo|o quanto antes|asap|urgent|urgently|emergency|today|right away|immediately)\b/;
export const SOON_PATTERN = /\b(amanha|esta semana|essa semana|logo|tomorrow|this week|soon)\b/;
