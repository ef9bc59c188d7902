/**
 * A handful of demo leads' WhatsApp histories, written out in full: texts, a
 * picture, a voice note, delivery statuses, a message refused outside the
 * 24-hour window and the template sent instead, and the team's notes. Pure
 * data, times relative to the seed's run ("minutes ago"), like demo-data.ts;
 * "{nome}" is the lead's first name (chatWith).
 * The free-form messages we send all fall within 24 hours of the lead's
 * previous message, as WhatsApp requires; the one that does not, fails.
 */
import type { DemoLead } from "./demo-data";

export type DemoChatMedia = "storefront-photo" | "voice-note";

export interface DemoChatMessage {
  minutesAgo: number;
  direction: "inbound" | "outbound";
  /** The text, a caption, or a template as the lead read it. */
  text: string;
  /** What Meta last reported of an outbound message; inbound ones are received. */
  status?: "sent" | "delivered" | "read" | "failed";
  error?: { code: number; title: string };
  media?: DemoChatMedia;
  template?: { name: string; language: string; variables: string[] };
}

export interface DemoChat {
  /** The service the lead asks about: the chat goes to a lead tagged so, if there is one. */
  tag: string;
  /** Inbound messages the assignee has not opened yet. */
  unread: number;
  messages: DemoChatMessage[];
  /** The assignee's notes. */
  notes: { minutesAgo: number; content: string }[];
}

const REENGAGEMENT = { code: 131047, title: "Re-engagement message" };

export const AURORA_CHATS: DemoChat[] = [
  {
    tag: "branding",
    unread: 2,
    messages: [
      { minutesAgo: 1570, direction: "inbound", text: "Oi! Vi o anúncio de vocês no Instagram. Vocês fazem identidade visual para loja física?" },
      { minutesAgo: 1562, direction: "outbound", status: "read", text: "Oi, {nome}! Fazemos sim 😊 Vocês já têm um logo hoje ou seria do zero?" },
      { minutesAgo: 1555, direction: "inbound", text: "Tenho um logo antigo, vou te mandar uma foto da fachada" },
      { minutesAgo: 1553, direction: "inbound", media: "storefront-photo", text: "Essa é a fachada hoje. O logo está bem apagado" },
      { minutesAgo: 1540, direction: "outbound", status: "read", text: "Obrigado! Dá para aproveitar o azul e o amarelo. Te mando uma proposta até amanhã." },
      { minutesAgo: 300, direction: "outbound", status: "read", text: "Bom dia, {nome}! Enviei a proposta por e-mail: logo novo, placa da fachada e manual da marca." },
      { minutesAgo: 42, direction: "inbound", text: "Vi sim! Gostei, mas achei o valor um pouco alto" },
      { minutesAgo: 40, direction: "inbound", text: "Tem como parcelar em 3x?" },
    ],
    notes: [{ minutesAgo: 1530, content: "Mandou foto da fachada: logo atual azul e amarelo, bem desbotado. Propor rebranding + placa nova." }],
  },
  {
    tag: "tráfego pago",
    unread: 0,
    messages: [
      { minutesAgo: 2900, direction: "inbound", text: "Boa tarde! Queria entender como funciona a gestão de tráfego de vocês. Hoje a gente só impulsiona os posts" },
      {
        minutesAgo: 2880,
        direction: "outbound",
        status: "read",
        text: "Boa tarde, {nome}! Cuidamos das campanhas no Google e no Meta, com relatório quinzenal. Me conta um pouco do negócio? Pode ser por áudio 🙂",
      },
      { minutesAgo: 2870, direction: "inbound", media: "voice-note", text: "" },
      { minutesAgo: 2866, direction: "inbound", text: "Mandei áudio porque estou no carro kkk" },
      { minutesAgo: 2850, direction: "outbound", status: "read", text: "Ouvi aqui! Então o foco é o delivery de sexta a domingo. Posso te ligar amanhã às 10h?" },
      { minutesAgo: 2845, direction: "inbound", text: "Pode sim 👍" },
      { minutesAgo: 1460, direction: "outbound", status: "read", text: "Liguei e caiu na caixa postal. Consegue falar hoje à tarde?" },
      { minutesAgo: 190, direction: "inbound", text: "Desculpa, ontem foi corrido. Pode me ligar agora?" },
      { minutesAgo: 186, direction: "outbound", status: "delivered", text: "Claro! Te ligo em 5 minutos." },
    ],
    notes: [{ minutesAgo: 150, content: "Falamos por telefone: quer começar em março, verba de uns R$ 3 mil/mês em mídia. Montar proposta com Meta Ads." }],
  },
  {
    tag: "site institucional",
    unread: 0,
    messages: [
      { minutesAgo: 7300, direction: "inbound", text: "Oi, vocês fazem site para clínica? Precisamos de um com agendamento online." },
      { minutesAgo: 7280, direction: "outbound", status: "read", text: "Fazemos sim, {nome}! Posso te mandar alguns projetos que fizemos para clínicas?" },
      { minutesAgo: 7270, direction: "inbound", text: "Pode mandar" },
      { minutesAgo: 7260, direction: "outbound", status: "read", text: "Te mandei por e-mail dois projetos recentes, os dois com agendamento integrado ao WhatsApp." },
      { minutesAgo: 5800, direction: "inbound", text: "Gostei bastante! Vou ver com minha sócia e te retorno" },
      { minutesAgo: 2950, direction: "outbound", status: "failed", error: REENGAGEMENT, text: "Oi, {nome}! Conseguiu conversar com sua sócia?" },
      {
        minutesAgo: 2940,
        direction: "outbound",
        status: "delivered",
        template: { name: "retomar_contato", language: "pt_BR", variables: ["{nome}", "um site novo"] },
        text: "Oi, {nome}! Ainda tem interesse em um site novo? Podemos conversar hoje?",
      },
    ],
    notes: [{ minutesAgo: 2930, content: "Janela de 24 h fechada: a mensagem livre falhou, mandei o template de retomada. Se não responder, ligar na segunda." }],
  },
  {
    tag: "social media",
    unread: 1,
    messages: [
      { minutesAgo: 1300, direction: "inbound", text: "Olá! Peguei o contato de vocês com um amigo. Vocês fazem gestão de Instagram?" },
      { minutesAgo: 1290, direction: "outbound", status: "read", text: "Olá, {nome}! Fazemos sim 😊 Quantos posts por semana você imagina?" },
      { minutesAgo: 1200, direction: "inbound", text: "Uns 3 por semana, mais stories" },
      {
        minutesAgo: 1185,
        direction: "outbound",
        status: "read",
        text: "Perfeito! O plano com 12 posts por mês e stories fica R$ 1.800,00 mensais. Quer que eu detalhe o que está incluso?",
      },
      { minutesAgo: 15, direction: "inbound", text: "Quero sim, pode mandar! Desculpa a demora" },
    ],
    notes: [],
  },
];

export const BOREAL_CHATS: DemoChat[] = [
  {
    tag: "landing page",
    unread: 0,
    messages: [
      { minutesAgo: 1380, direction: "inbound", text: "Bom dia! Preciso de uma landing page para um lançamento no mês que vem" },
      { minutesAgo: 1370, direction: "outbound", status: "read", text: "Bom dia, {nome}! Conseguimos sim. Para quando é o lançamento?" },
      { minutesAgo: 95, direction: "inbound", text: "Dia 15. Dá tempo?" },
      { minutesAgo: 3, direction: "outbound", status: "sent", text: "Dá tempo sim! Te mando a proposta ainda hoje." },
    ],
    notes: [],
  },
];

/**
 * Which generated leads get the chats (indexes into `leads`): an open lead in
 * conversation, with a phone and an assignee, older than its chat, tagged with
 * the chat's service when one is; each lead at most once.
 */
export function pickChatLeads(leads: DemoLead[], chats: DemoChat[]): number[] {
  const taken = new Set<number>();
  return chats.map((chat) => {
    const oldest = Math.max(...chat.messages.map((message) => message.minutesAgo));
    const fits = (lead: DemoLead, index: number) =>
      !taken.has(index) &&
      lead.status === "active" &&
      ["contact", "proposal", "negotiation"].includes(lead.stage) &&
      lead.phone !== null &&
      lead.assigneeIndex !== null &&
      lead.createdMinutesAgo > oldest;
    let index = leads.findIndex((lead, i) => fits(lead, i) && lead.tags.includes(chat.tag));
    if (index === -1) index = leads.findIndex(fits);
    if (index === -1) throw new Error(`no demo lead can take the "${chat.tag}" chat`);
    taken.add(index);
    return index;
  });
}

/** The chat as its lead reads it: "{nome}" becomes their first name. */
export function chatWith(chat: DemoChat, firstName: string): DemoChat {
  const fill = (text: string) => text.replaceAll("{nome}", firstName);
  return {
    ...chat,
    messages: chat.messages.map((message) => ({
      ...message,
      text: fill(message.text),
      ...(message.template ? { template: { ...message.template, variables: message.template.variables.map(fill) } } : {}),
    })),
  };
}
