/**
 * Made-up pt-BR sales conversations for `bench:ai`, written for it: a lead
 * and a team talking about a project (quotes, meetings, deadlines, prices,
 * now and then a complaint or a cancellation, a third party's phone or
 * e-mail), assembled from phrase pools so no two neighbouring messages read
 * alike and the analyzer's rules, dates and masking all have work to do.
 * Deterministic per seed.
 */
import type { ConversationMessage } from "~/modules/ai/local-analyzer/analyze-conversation";

const GREETINGS = ["Oi", "Olá", "Bom dia", "Boa tarde", "Boa noite", "Opa, tudo bem?", "E aí"];
const PROJECTS = ["o site da loja", "o aplicativo de delivery", "a identidade visual", "a campanha de fim de ano", "o cardápio digital", "a loja virtual", "o sistema de agendamento"];
const LEAD_LINES = [
  "queria um orçamento para {project}, quanto fica?",
  "vocês conseguem entregar {project} até {date}?",
  "podemos marcar uma reunião na {weekday} às {hour} para falar d{project}?",
  "recebi a proposta d{project}, achei o preço um pouco alto",
  "nosso orçamento para {project} é de uns R$ {money}",
  "adorei o que vocês mostraram, ficou ótimo!",
  "ainda não recebi o retorno sobre {project}, estou preocupado com o prazo",
  "o prazo é urgente, precisamos disso para ontem",
  "fala com meu sócio no (11) 9{phone} ou no e-mail {partner}@{domain}",
  "pensando bem, talvez a gente precise cancelar {project}",
  "deu problema no acesso de novo, não consigo entrar no painel",
  "fechado! pode mandar o contrato que eu assino",
  "tem desconto se pagarmos à vista?",
  "vou conversar com a diretoria e te retorno semana que vem",
];
const TEAM_LINES = [
  "Claro! Te mando o orçamento d{project} ainda hoje.",
  "Segue a proposta atualizada, com entrega em {date}.",
  "Confirmado: reunião na {weekday} às {hour}.",
  "Conseguimos fazer R$ {money} parcelado em 3 vezes.",
  "Desculpe a demora, já estamos resolvendo o acesso.",
  "Perfeito, vou preparar o contrato e envio para assinatura.",
  "Entendi a preocupação com o prazo, vamos priorizar.",
];
const NOTES = ["Lead parece animado, ligar amanhã.", "Cliente sensível a preço.", "Pediu referência de outros clientes.", "Decisor é o sócio, incluir na próxima reunião."];
const WEEKDAYS = ["segunda", "terça", "quarta", "quinta", "sexta"];
const DOMAINS = ["exemplo.com.br", "empresa.net", "loja.com"];
const PARTNERS = ["joao", "marina.souza", "financeiro", "compras"];

/** A small linear congruential generator: deterministic, good enough to vary phrases. */
function randomFrom(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** `count` messages, oldest first, one every few minutes up to `now`. */
export function ptBrConversation(count: number, seed: number, now = new Date()): ConversationMessage[] {
  const random = randomFrom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const fill = (line: string) =>
    line
      .replace("{project}", pick(PROJECTS))
      .replace("{date}", `${1 + Math.floor(random() * 28)}/${1 + Math.floor(random() * 12)}`)
      .replace("{weekday}", pick(WEEKDAYS))
      .replace("{hour}", `${9 + Math.floor(random() * 9)}h`)
      .replace("{money}", `${1 + Math.floor(random() * 40)}.${Math.floor(random() * 10)}00,00`)
      .replace("{phone}", `${1000 + Math.floor(random() * 9000)}-${1000 + Math.floor(random() * 9000)}`)
      .replace("{partner}", pick(PARTNERS))
      .replace("{domain}", pick(DOMAINS));
  return Array.from({ length: count }, (_, i): ConversationMessage => {
    const at = new Date(now.getTime() - (count - i) * 180_000);
    const roll = random();
    if (roll < 0.05) return { direction: "internal", text: pick(NOTES), at };
    if (roll < 0.4) return { direction: "outbound", text: fill(pick(TEAM_LINES)), at };
    const greeting = random() < 0.3 ? `${pick(GREETINGS)}, ` : "";
    return { direction: "inbound", text: `${greeting}${fill(pick(LEAD_LINES))}`, at };
  });
}
