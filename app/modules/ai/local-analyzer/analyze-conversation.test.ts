import { describe, expect, it } from "vitest";
import { SUMMARY_MAX_LENGTH, summaryOutputSchema, type SummaryOutput } from "../summary-output.server";
import { analyzeConversation, truncateAtWord, type ConversationMessage } from "./analyze-conversation";
import { sentimentOf } from "./lexicon";
import { splitSentences } from "./sentences";

const now = new Date("2026-11-30T12:00:00Z"); // a Monday
type Direction = ConversationMessage["direction"];
type Case = {
  language: "pt-BR" | "en";
  sentiment: SummaryOutput["sentiment"];
  intent: SummaryOutput["intent"];
  messages: [Direction, string][];
};

function toMessages(lines: [Direction, string][]): ConversationMessage[] {
  return lines.map(([direction, text], index) => ({ direction, text, at: new Date(now.getTime() - (lines.length - index) * 3_600_000) }));
}

function analyze(c: Pick<Case, "language" | "messages">, previousSummary?: string | null) {
  return analyzeConversation({ messages: toMessages(c.messages), language: c.language, now, previousSummary });
}

/** Conversations written for this test: agency leads in pt-BR and English, each with the label a person would give it. */
const cases: Case[] = [
  // pt-BR
  { language: "pt-BR", sentiment: "neutral", intent: "quote", messages: [["inbound", "Oi, boa tarde. Vocês fazem site institucional? Queria um orçamento para um site de 5 páginas."], ["outbound", "Olá! Fazemos sim, vou te passar algumas perguntas."]] },
  { language: "pt-BR", sentiment: "negative", intent: "deadline", messages: [["inbound", "O site era para ter sido entregue semana passada e até agora nada."], ["outbound", "Peço desculpas, estamos finalizando."], ["inbound", "Isso é um absurdo, o atraso está me dando prejuízo. Qual o novo prazo?"]] },
  { language: "pt-BR", sentiment: "negative", intent: "cancel", messages: [["inbound", "Quero cancelar o contrato de gestão de redes sociais."], ["inbound", "Estou muito insatisfeito com os resultados dos últimos meses."]] },
  { language: "pt-BR", sentiment: "neutral", intent: "meeting", messages: [["outbound", "Podemos apresentar o plano de mídia?"], ["inbound", "Podemos marcar uma reunião na quinta às 15h? Pode ser pelo Google Meet."]] },
  { language: "pt-BR", sentiment: "negative", intent: "pricing", messages: [["inbound", "Recebi os valores mas ficou muito caro para nós."], ["inbound", "Vocês conseguem dar um desconto ou parcelar em 6 vezes?"]] },
  { language: "pt-BR", sentiment: "positive", intent: "other", messages: [["inbound", "Gente, os resultados da campanha foram excelentes!"], ["inbound", "As vendas aumentaram 40% esse mês, estamos muito felizes. Obrigado pelo trabalho!"]] },
  { language: "pt-BR", sentiment: "neutral", intent: "other", messages: [["inbound", "Vocês atendem empresas de fora de São Paulo?"], ["outbound", "Atendemos o Brasil todo, remotamente."], ["inbound", "Certo, e trabalham com e-commerce em Shopify?"]] },
  { language: "pt-BR", sentiment: "positive", intent: "proposal", messages: [["inbound", "Adorei a conversa de ontem! Podem me enviar a proposta por e-mail? Meu e-mail é carla@padariaboa.com.br"]] },
  { language: "pt-BR", sentiment: "positive", intent: "purchase", messages: [["outbound", "Segue a proposta revisada."], ["inbound", "Perfeito, aprovado! Vamos fechar. Pode mandar o contrato para assinar."]] },
  { language: "pt-BR", sentiment: "negative", intent: "support", messages: [["inbound", "O site está fora do ar desde cedo e o formulário não funciona."], ["inbound", "Estamos perdendo clientes, é urgente!"]] },
  { language: "pt-BR", sentiment: "neutral", intent: "quote", messages: [["inbound", "Sou da empresa Moveis Ribeiro. Quanto custa um vídeo institucional de 2 minutos? Temos uns R$ 8 mil de verba."]] },
  { language: "pt-BR", sentiment: "negative", intent: "cancel", messages: [["inbound", "Não quero mais continuar com o serviço, péssimo atendimento."], ["outbound", "Podemos conversar antes?"], ["inbound", "Não, por favor cancelem hoje."]] },
  { language: "pt-BR", sentiment: "positive", intent: "meeting", messages: [["inbound", "Ótimo, gostei muito das ideias! Vamos agendar uma reunião com o meu sócio na sexta?"]] },
  { language: "pt-BR", sentiment: "neutral", intent: "deadline", messages: [["inbound", "Qual o prazo de entrega da landing page? Precisamos dela até 15/12 para o lançamento."]] },
  { language: "pt-BR", sentiment: "negative", intent: "pricing", messages: [["inbound", "O preço está acima do que esperávamos, o concorrente cobra a metade."], ["inbound", "Dá para negociar o valor?"]] },
  { language: "pt-BR", sentiment: "positive", intent: "other", messages: [["inbound", "Só passando para agradecer, o novo logo ficou sensacional. Todo mundo elogiou!"]] },
  // English
  { language: "en", sentiment: "neutral", intent: "quote", messages: [["inbound", "Hi, I'm Tom from Brightside Dental. Could you send me a quote for a new website with online booking?"]] },
  { language: "en", sentiment: "negative", intent: "deadline", messages: [["inbound", "The app was supposed to launch on Friday and we still have nothing."], ["outbound", "We're sorry, QA found some bugs."], ["inbound", "This is unacceptable. The delay is costing us money, what's the new deadline?"]] },
  { language: "en", sentiment: "negative", intent: "cancel", messages: [["inbound", "We want to cancel our SEO retainer at the end of this month."], ["inbound", "Honestly we're disappointed, traffic hasn't moved in six months."]] },
  { language: "en", sentiment: "neutral", intent: "meeting", messages: [["inbound", "Can we schedule a call next Tuesday to go over the brief?"], ["outbound", "Sure, what time works?"], ["inbound", "Around 10am Eastern would work."]] },
  { language: "en", sentiment: "negative", intent: "pricing", messages: [["inbound", "Thanks for the numbers, but $12k is way too expensive for us right now."], ["inbound", "Is there any discount if we pay upfront?"]] },
  { language: "en", sentiment: "positive", intent: "other", messages: [["inbound", "Just wanted to say the new campaign is performing amazingly well."], ["inbound", "Our leads doubled this month. The whole team is thrilled, thank you!"]] },
  { language: "en", sentiment: "neutral", intent: "other", messages: [["inbound", "Do you work with nonprofits?"], ["outbound", "Yes, we have a few nonprofit clients."], ["inbound", "OK. Which platforms do you usually build on?"]] },
  { language: "en", sentiment: "positive", intent: "proposal", messages: [["inbound", "Great chatting today! Please send over the proposal to jane.doe@northwind.io when it's ready."]] },
  { language: "en", sentiment: "positive", intent: "purchase", messages: [["outbound", "Attached is the final proposal."], ["inbound", "Looks perfect. We're approved internally, let's move forward. Send the contract and we'll sign."]] },
  { language: "en", sentiment: "negative", intent: "support", messages: [["inbound", "Our checkout page is broken and customers can't pay."], ["inbound", "This is urgent, please fix it asap, we're losing sales."]] },
  { language: "en", sentiment: "neutral", intent: "quote", messages: [["inbound", "How much would a rebrand cost for a company our size? Our budget is around $5k."]] },
  { language: "en", sentiment: "negative", intent: "cancel", messages: [["inbound", "I'm really frustrated. Nobody answered my emails for two weeks."], ["inbound", "Please cancel our subscription today."]] },
  { language: "en", sentiment: "positive", intent: "meeting", messages: [["inbound", "Loved the mockups, really nice work! Could we set up a meeting with our CEO on Thursday?"]] },
  { language: "en", sentiment: "neutral", intent: "deadline", messages: [["inbound", "What's the turnaround time? We need the landing page ready by December 15 for the launch."]] },
  { language: "en", sentiment: "negative", intent: "pricing", messages: [["inbound", "The price is higher than we expected and the other agency is cheaper."], ["inbound", "Can you lower the price a bit?"]] },
  { language: "en", sentiment: "positive", intent: "other", messages: [["inbound", "Quick note to thank you, the new logo is brilliant. Everyone loves it!"]] },
];

/**
 * Written after the rules and lexicon were settled and measured once, never tuned against: a fairer
 * estimate than `cases` (which the lexicon was written alongside). Its floors are lower accordingly.
 */
const heldOut: Case[] = [
  { language: "pt-BR", sentiment: "neutral", intent: "quote", messages: [["inbound", "Bom dia. Gostaria de saber o valor para criar uma loja virtual com uns 200 produtos. Podem me mandar uma cotação?"]] },
  { language: "pt-BR", sentiment: "negative", intent: "support", messages: [["inbound", "Desde a atualização o painel dá erro 500 e ninguém da equipe consegue entrar."], ["inbound", "Já é o terceiro chamado, estou cansado disso."]] },
  { language: "pt-BR", sentiment: "positive", intent: "purchase", messages: [["inbound", "Conversei com a diretoria e decidimos contratar vocês. Como fazemos para começar?"]] },
  { language: "pt-BR", sentiment: "neutral", intent: "meeting", messages: [["inbound", "Tenho disponibilidade terça de manhã ou quarta à tarde para uma call de alinhamento."]] },
  { language: "pt-BR", sentiment: "negative", intent: "deadline", messages: [["inbound", "Vocês prometeram as artes para segunda e até agora nada. Estou chateada."]] },
  { language: "pt-BR", sentiment: "negative", intent: "cancel", messages: [["inbound", "Decidimos encerrar o contrato. O retorno não compensou o investimento."]] },
  { language: "pt-BR", sentiment: "neutral", intent: "other", messages: [["inbound", "Qual o endereço do escritório de vocês?"]] },
  { language: "pt-BR", sentiment: "positive", intent: "proposal", messages: [["inbound", "Gostamos bastante da apresentação. Ficamos no aguardo da proposta comercial."]] },
  { language: "en", sentiment: "neutral", intent: "quote", messages: [["inbound", "Hello, what would you charge for monthly social media management across 3 channels? An estimate is fine."]] },
  { language: "en", sentiment: "negative", intent: "support", messages: [["inbound", "The contact form stopped working yesterday and we've missed leads. Pretty annoyed."]] },
  { language: "en", sentiment: "positive", intent: "purchase", messages: [["inbound", "We've reviewed everything and we're ready to go ahead. Where do I sign?"]] },
  { language: "en", sentiment: "neutral", intent: "meeting", messages: [["inbound", "Are you available Wednesday afternoon for a quick meeting about the redesign?"]] },
  { language: "en", sentiment: "negative", intent: "deadline", messages: [["inbound", "We were promised the first draft two weeks ago. This is getting ridiculous, when will it be ready?"]] },
  { language: "en", sentiment: "negative", intent: "cancel", messages: [["inbound", "We'd like to terminate our agreement. The results have been poor."]] },
  { language: "en", sentiment: "neutral", intent: "other", messages: [["inbound", "Where is your office located? We prefer working with local agencies."]] },
  { language: "en", sentiment: "positive", intent: "pricing", messages: [["inbound", "We love the plan! Is there any flexibility on the price if we sign for 12 months?"]] },
];

function accuracy(set: Case[], results: { sentiment: string; intent: string }[]) {
  const sentiment = results.filter((r, i) => r.sentiment === set[i].sentiment).length / set.length;
  const intent = results.filter((r, i) => r.intent === set[i].intent).length / set.length;
  return { sentiment, intent };
}

function report(name: string, set: Case[]) {
  const results = set.map((c) => analyze(c));
  const local = accuracy(set, results);
  const noOp = accuracy(set, set.map(() => ({ sentiment: "neutral", intent: "other" })));
  const misses = results.flatMap((r, i) =>
    r.sentiment !== set[i].sentiment || r.intent !== set[i].intent ? [`#${i} ${r.sentiment}/${r.intent} (expected ${set[i].sentiment}/${set[i].intent})`] : [],
  );
  // The issue asks for the accuracy printed, beside the floors asserted below.
  process.stdout.write(`${name}: local analyzer sentiment ${local.sentiment.toFixed(2)}, intent ${local.intent.toFixed(2)}; no-op sentiment ${noOp.sentiment.toFixed(2)}, intent ${noOp.intent.toFixed(2)} (${set.length} conversations; misses: ${misses.join("; ") || "none"})\n`);
  return { local, noOp };
}

const SENTIMENT_FLOOR = 0.8;
const INTENT_FLOOR = 0.75;
const HELD_OUT_FLOOR = 0.7;

describe("analyzeConversation on labelled conversations", () => {
  it("has half pt-BR and half English conversations, at least 30", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(cases.filter((c) => c.language === "pt-BR").length).toBe(cases.length / 2);
  });

  it("reaches the accuracy floors that an always-neutral, always-other analyzer misses", () => {
    const { local, noOp } = report("labelled set", cases);
    expect(noOp.sentiment).toBeLessThan(SENTIMENT_FLOOR);
    expect(noOp.intent).toBeLessThan(INTENT_FLOOR);
    expect(local.sentiment).toBeGreaterThanOrEqual(SENTIMENT_FLOOR);
    expect(local.intent).toBeGreaterThanOrEqual(INTENT_FLOOR);
  });

  it("holds lower floors on the held-out set, which the no-op also misses", () => {
    const { local, noOp } = report("held-out set", heldOut);
    expect(noOp.sentiment).toBeLessThan(HELD_OUT_FLOOR);
    expect(noOp.intent).toBeLessThan(HELD_OUT_FLOOR);
    expect(local.sentiment).toBeGreaterThanOrEqual(HELD_OUT_FLOOR);
    expect(local.intent).toBeGreaterThanOrEqual(HELD_OUT_FLOOR);
  });

  it("always returns output the schema accepts, with no stage suggested", () => {
    for (const c of [...cases, ...heldOut]) {
      const output = analyze(c);
      expect(summaryOutputSchema.parse(output)).toEqual(output);
      expect(output.suggestedStageId).toBeNull();
      expect(output.suggestedStageReason).toBeNull();
    }
  });
});

describe("analyzeConversation details", () => {
  it("summarises in the conversation's own words and invents no e-mail, budget or company", () => {
    for (const c of [...cases, ...heldOut]) {
      const output = analyze(c);
      const all = c.messages.map(([, text]) => text).join("\n");
      const sentences = c.messages.flatMap(([, text]) => splitSentences(text));
      for (const part of splitSentences(output.summary)) expect(sentences.some((s) => s === part || `${s}.` === part)).toBe(true);
      for (const value of [output.extracted.email, output.extracted.budget, output.extracted.company, output.extracted.deadline]) {
        if (value !== null) expect(all).toContain(value);
      }
      if (!/@/.test(all)) expect(output.extracted.email).toBeNull();
      if (!/\d/.test(all)) expect(output.extracted.budget).toBeNull();
    }
  });

  it("quotes the e-mail, budget and company the lead wrote", () => {
    expect(analyze(cases[7]).extracted.email).toBe("carla@padariaboa.com.br");
    expect(analyze(cases[10]).extracted).toMatchObject({ budget: "R$ 8 mil", company: "Moveis Ribeiro" });
    expect(analyze(cases[26]).extracted.budget).toBe("$5k");
    expect(analyze(cases[16]).extracted.company).toBe("Brightside Dental");
    expect(analyze({ language: "pt-BR", messages: [["inbound", "Temos R$ 3.000 por mês para anúncios."]] }).extracted.budget).toBe("R$ 3.000");
  });

  it("suggests next actions from the intent, with the date the lead gave", () => {
    expect(analyze(cases[7]).nextActions[0]).toEqual({ text: "Enviar proposta", dueDate: null });
    expect(analyze(cases[23]).nextActions[0].text).toBe("Send the proposal");
    expect(analyze(cases[12]).nextActions[0]).toEqual({ text: "Confirmar reunião", dueDate: "2026-12-04" });
    expect(analyze(cases[13])).toMatchObject({ extracted: { deadline: "15/12" }, nextActions: [{ text: "Confirmar prazo de entrega", dueDate: "2026-12-15" }] });
    expect(analyze(cases[29]).nextActions[0]).toEqual({ text: "Confirm the delivery date", dueDate: "2026-12-15" });
  });

  it("rates urgency from urgent words and cancellations", () => {
    expect(analyze(cases[9]).urgency).toBe("high");
    expect(analyze(cases[25]).urgency).toBe("high");
    expect(analyze(cases[11]).urgency).toBe("high");
    expect(analyze(cases[6]).urgency).toBe("low");
  });

  it("weighs negation and intensifiers, accents and case aside", () => {
    expect(sentimentOf("NÃO gostei").score).toBeLessThan(0);
    expect(sentimentOf("nao gostei").score).toBe(sentimentOf("Não gostei").score);
    expect(sentimentOf("not good").score).toBeLessThan(0);
    expect(sentimentOf("very good").score).toBeGreaterThan(sentimentOf("good").score);
    expect(sentimentOf("muito ruim").score).toBeLessThan(sentimentOf("ruim").score);
    expect(sentimentOf("sem problemas").score).toBeGreaterThan(0);
  });

  it("does not read a negated keyword as the intent", () => {
    expect(analyze({ language: "pt-BR", messages: [["inbound", "Não quero cancelar, só queria saber se dá pra pausar o plano em dezembro."]] }).intent).not.toBe("cancel");
    expect(analyze({ language: "en", messages: [["inbound", "We don't want to cancel, we just need to pause for a month."]] }).intent).not.toBe("cancel");
  });

  it("prefers what the lead asked for over a passing 'call me'", () => {
    expect(analyze({ language: "en", messages: [["inbound", "Could you send me a quote for a new website? Call me tomorrow if needed."]] }).intent).toBe("quote");
  });

  it("leaves internal notes out of the summary while the conversation has sentences", () => {
    const output = analyze({ language: "pt-BR", messages: [["inbound", "Preciso de um orçamento para um site."], ["internal", "Cliente bravo, falar com o Pedro até sexta."]] });
    expect(output.summary).toBe("Preciso de um orçamento para um site.");
  });

  it("cuts a long summary at a word boundary", () => {
    const text = "palavra ".repeat(200).trim();
    const cut = truncateAtWord(text, SUMMARY_MAX_LENGTH);
    expect(cut.length).toBeLessThanOrEqual(SUMMARY_MAX_LENGTH);
    expect(cut).toMatch(/ palavra…$/);
    expect(truncateAtWord("curto", SUMMARY_MAX_LENGTH)).toBe("curto");
  });

  it("handles an empty conversation, with or without a previous summary", () => {
    const empty = analyzeConversation({ messages: [], language: "pt-BR", now });
    expect(summaryOutputSchema.parse(empty)).toMatchObject({ sentiment: "neutral", intent: "other", urgency: "low", nextActions: [] });
    expect(empty.extracted).toEqual({ company: null, email: null, budget: null, deadline: null });
    const blank = analyzeConversation({ messages: [{ direction: "inbound", text: "   ", at: now }], language: "en", now, previousSummary: "Asked for a quote." });
    expect(blank.summary).toBe("Asked for a quote.");
  });

  it("keeps the summary under the limit on a 10,000-message conversation", () => {
    const long = "Precisamos de um orçamento para o site novo com R$ 5.000 de verba e entrega até 20/12, ".repeat(12);
    const messages: ConversationMessage[] = Array.from({ length: 10_000 }, (_, i) => ({
      direction: i % 3 === 0 ? "outbound" : i % 7 === 0 ? "internal" : "inbound",
      text: i % 10 === 0 ? long : `Mensagem ${i}: tudo certo por aqui, obrigado.`,
      at: new Date(now.getTime() - (10_000 - i) * 60_000),
    }));
    const output = analyzeConversation({ messages, language: "pt-BR", now });
    expect(summaryOutputSchema.parse(output).summary.length).toBeLessThanOrEqual(SUMMARY_MAX_LENGTH);
    expect(output.summary.length).toBeGreaterThan(0);
  });
});
