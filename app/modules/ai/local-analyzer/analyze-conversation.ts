import { truncateText } from "~/lib/text";
import { SUMMARY_MAX_LENGTH, type SummaryOutput } from "../summary-output.server";
import { findDates, type FoundDate } from "./dates";
import { findBudget, findCompany, findEmail } from "./extract";
import { INTENT_PRIORITY, intentHits, SOON_PATTERN, URGENT_PATTERN, type Intent } from "./intent-rules";
import { normalizeKeepingLength, sentimentOf } from "./lexicon";
import { splitSentences } from "./sentences";

export type ConversationMessage = { direction: "inbound" | "outbound" | "internal"; text: string; at: Date };
export type AnalyzeConversationInput = {
  messages: readonly ConversationMessage[];
  language: "pt-BR" | "en";
  now: Date;
  previousSummary?: string | null;
};

const KEY_SENTENCES = 3;
const SENTIMENT_THRESHOLD = 0.2;
/** The lead's words count most; the team's replies a little; internal notes not at all for sentiment and intent. */
const DIRECTION_WEIGHT = { inbound: 1, outbound: 0.25, internal: 0 } as const;

const ACTIONS: Record<Intent | "unhappy" | "reply", { "pt-BR": string; en: string }> = {
  quote: { "pt-BR": "Enviar orçamento", en: "Send the quote" },
  proposal: { "pt-BR": "Enviar proposta", en: "Send the proposal" },
  meeting: { "pt-BR": "Confirmar reunião", en: "Confirm the meeting" },
  pricing: { "pt-BR": "Revisar preço e condições", en: "Review price and terms" },
  deadline: { "pt-BR": "Confirmar prazo de entrega", en: "Confirm the delivery date" },
  support: { "pt-BR": "Resolver o problema relatado", en: "Resolve the reported problem" },
  cancel: { "pt-BR": "Ligar para entender o cancelamento e tentar reter", en: "Call to understand the cancellation and try to retain" },
  purchase: { "pt-BR": "Enviar contrato para assinatura", en: "Send the contract for signature" },
  other: { "pt-BR": "Responder ao lead", en: "Reply to the lead" },
  unhappy: { "pt-BR": "Retornar ao cliente com uma solução", en: "Get back to the lead with a solution" },
  reply: { "pt-BR": "Responder à última mensagem", en: "Reply to the last message" },
};

const EMPTY_SUMMARY = { "pt-BR": "Sem mensagens na conversa.", en: "No messages in the conversation yet." };

type Sentence = { text: string; normalized: string; message: number; direction: ConversationMessage["direction"] };

/** Cuts at the last word boundary that fits, with an ellipsis. */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = truncateText(text, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, "")}…`;
}

/**
 * The local analyzer of a lead's conversation ("análise local"): extractive
 * summary, lexicon sentiment, keyword rules for intent, urgency and next
 * actions, and details quoted from the lead's messages. Pure: the same input
 * always gives the same output, and no stage is suggested.
 */
export function analyzeConversation(input: AnalyzeConversationInput): SummaryOutput {
  const { language, now } = input;
  const messages = input.messages
    .map((message, order) => ({ ...message, order }))
    .filter((message) => message.text.trim().length > 0)
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
  const count = messages.length;

  let sentimentTotal = 0;
  const intentScores = new Map<Intent, number>();
  const sentences: Sentence[] = [];
  let urgentWords = false;
  let soonWords = false;
  const leadDates: { date: FoundDate; deadlineContext: boolean; intents: Set<Intent> }[] = [];

  messages.forEach((message, index) => {
    const recency = count === 1 ? 1 : 0.5 + (0.5 * index) / (count - 1);
    const weight = DIRECTION_WEIGHT[message.direction] * recency;
    const normalized = normalizeKeepingLength(message.text);
    if (weight > 0) {
      sentimentTotal += sentimentOf(message.text).score * weight;
      for (const [intent, hits] of intentHits(normalized)) intentScores.set(intent, (intentScores.get(intent) ?? 0) + hits * weight);
    }
    for (const text of splitSentences(message.text)) sentences.push({ text, normalized: normalizeKeepingLength(text), message: index, direction: message.direction });
    if (message.direction === "inbound") {
      if (URGENT_PATTERN.test(normalized)) urgentWords = true;
      if (SOON_PATTERN.test(normalized)) soonWords = true;
    }
  });

  // Dates only from the lead's sentences, with what the sentence was about.
  for (const sentence of sentences) {
    if (sentence.direction !== "inbound") continue;
    const dates = findDates(sentence.normalized, sentence.text, now, language);
    if (dates.length === 0) continue;
    const intents = new Set(intentHits(sentence.normalized).keys());
    const deadlineContext = intents.has("deadline") || /\b(ate|by|until|before|antes d[eoa])\b/.test(sentence.normalized);
    for (const date of dates) leadDates.push({ date, deadlineContext, intents });
  }

  const sentimentScore = Math.round(Math.tanh(sentimentTotal / 3) * 100) / 100;
  const sentiment = sentimentScore >= SENTIMENT_THRESHOLD ? "positive" : sentimentScore <= -SENTIMENT_THRESHOLD ? "negative" : "neutral";

  const ranked = [...intentScores.entries()].sort(
    (a, b) => b[1] - a[1] || INTENT_PRIORITY.indexOf(a[0]) - INTENT_PRIORITY.indexOf(b[0]),
  );
  const intent: Intent = ranked[0]?.[0] ?? "other";

  const urgency: SummaryOutput["urgency"] =
    urgentWords || (intent === "cancel" && sentiment === "negative")
      ? "high"
      : soonWords || intent === "cancel" || intent === "deadline" || sentiment === "negative"
        ? "medium"
        : "low";

  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())).toISOString().slice(0, 10);
  const lastDate = (accept: (entry: (typeof leadDates)[number]) => boolean) => leadDates.filter(accept).at(-1)?.date ?? null;
  const deadlineDate = lastDate((entry) => entry.deadlineContext);
  const dueFor = (action: Intent): string | null => {
    const date = lastDate((entry) => entry.intents.has(action)) ?? (action === "deadline" ? deadlineDate : null);
    if (date) return date.iso;
    return urgency === "high" ? today : null;
  };

  const nextActions: SummaryOutput["nextActions"] = [];
  const push = (key: keyof typeof ACTIONS, dueDate: string | null) => {
    const text = ACTIONS[key][language];
    if (nextActions.length < 3 && !nextActions.some((action) => action.text === text)) nextActions.push({ text, dueDate });
  };
  for (const [action] of ranked.slice(0, 2)) push(action, dueFor(action));
  if (sentiment === "negative" && intent !== "cancel") push("unhappy", urgency === "high" ? today : null);
  if (nextActions.length === 0 && count > 0 && messages[count - 1].direction === "inbound") push("reply", urgency === "high" ? today : null);

  const summary = summarize(sentences, count, input.previousSummary ?? null, language);

  let email: string | null = null;
  let budget: string | null = null;
  let company: string | null = null;
  // Only the lead's own messages, newest first: the team's replies and internal notes are not the lead's details.
  for (let index = count - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (message.direction !== "inbound") continue;
    email ??= findEmail(message.text);
    budget ??= findBudget(message.text);
    company ??= findCompany(message.text);
  }

  return {
    summary,
    sentiment,
    sentimentScore: Math.max(-1, Math.min(1, sentimentScore)),
    intent,
    urgency,
    nextActions,
    suggestedStageId: null,
    suggestedStageReason: null,
    extracted: { company, email, budget, deadline: deadlineDate ? deadlineDate.text.slice(0, 80) : null },
  };
}

/** Up to three key sentences, in the order they were written, scored on intent words, money and numbers, the lead's voice and recency. */
function summarize(sentences: Sentence[], count: number, previousSummary: string | null, language: "pt-BR" | "en"): string {
  if (sentences.length === 0) {
    const previous = previousSummary?.trim();
    return previous ? truncateAtWord(previous, SUMMARY_MAX_LENGTH) : EMPTY_SUMMARY[language];
  }
  // Internal notes are the team's, not the conversation: used only when nothing else was said.
  const spoken = sentences.some((sentence) => sentence.direction !== "internal");
  const scored = sentences.flatMap((sentence, index) => {
    if (spoken && sentence.direction === "internal") return [];
    let score = 0;
    for (const hits of intentHits(sentence.normalized).values()) score += hits;
    if (/\d/.test(sentence.text)) score += 1;
    if (/(R\$|US\$|\$|€)\s?\d|\b\d+\s?(mil|k|reais|dollars)\b/i.test(sentence.text)) score += 1.5;
    score += Math.min(2, Math.abs(sentimentOf(sentence.text).score) / 2);
    if (sentence.direction === "inbound") score += 1;
    score += count > 1 ? (1.5 * sentence.message) / (count - 1) : 1.5;
    const length = sentence.text.split(" ").length;
    if (length < 3) score -= 1.5;
    if (length > 60) score -= 1;
    return [{ sentence, index, score }];
  });
  const chosen = scored
    .sort((a, b) => b.score - a.score || b.index - a.index)
    .slice(0, KEY_SENTENCES)
    .sort((a, b) => a.index - b.index)
    .map((entry) => entry.sentence.text.replace(/[\s]+$/, ""));
  const joined = chosen.map((text) => (/[.!?\u2026]$/.test(text) ? text : `${text}.`)).join(" ");
  return truncateAtWord(joined, SUMMARY_MAX_LENGTH);
}
