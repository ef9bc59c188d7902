/**
 * Deterministic demo data for the seed: realistic pt-BR leads of a Brazilian
 * digital agency, each with a short sales conversation (WhatsApp, calls,
 * e-mails, meetings and internal notes).
 *
 * Pure (it imports only types): every value comes from a seeded PRNG, so the same
 * options always produce exactly the same output (no Date.now, no Math.random).
 * Times are relative ("minutes ago"); the caller turns them into dates.
 */

import type { ContactChannel, LeadPriority, LeadSource, LeadStatus } from '../../app/lib/lead-enums';

export type StageKey = 'lead' | 'contact' | 'proposal' | 'negotiation' | 'closed';
// The demo sends no SMS and archives nothing.
export type Channel = Exclude<ContactChannel, 'sms'>;
type DemoStatus = Exclude<LeadStatus, 'archived'>;
export type Direction = 'inbound' | 'outbound' | 'internal';

export interface DemoTimelineEntry {
  channel: Channel;
  direction: Direction;
  subject: string | null;
  content: string;
  minutesAgo: number;
  /** Index into the caller's assignee list; null for inbound entries. */
  authorIndex: number | null;
}

export interface DemoLead {
  fullName: string;
  email: string | null;
  /** E.164 Brazilian mobile, e.g. +5511987654321. */
  phone: string | null;
  company: string | null;
  jobTitle: string | null;
  stage: StageKey;
  /** 0-based order within its stage, in generation order. */
  position: number;
  /** Index into the caller's assignee list, or null for unassigned. */
  assigneeIndex: number | null;
  source: LeadSource;
  priority: LeadPriority;
  tags: string[];
  /** Decimal string with 2 places (BRL), e.g. '4500.00'. */
  estimatedValue: string;
  status: DemoStatus;
  createdMinutesAgo: number;
  lastContactMinutesAgo: number | null;
  lastContactChannel: Channel | null;
  notes: string | null;
  /** 2..5 entries, oldest first (newest last). */
  timeline: DemoTimelineEntry[];
}

export interface GenerateDemoLeadsOptions {
  seed: number;
  count: number;
  assigneeCount: number;
}

// ---------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------

type Rng = () => number;

/** mulberry32: small, fast, deterministic PRNG returning numbers in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = (Number.isFinite(seed) ? Math.trunc(seed) : 0) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [min, max] (inclusive). */
function int(r: Rng, min: number, max: number): number {
  return min + Math.floor(r() * (max - min + 1));
}

function chance(r: Rng, probability: number): boolean {
  return r() < probability;
}

function pick<T>(r: Rng, items: readonly T[]): T {
  const item = items[Math.floor(r() * items.length)];
  if (item === undefined) throw new Error('demo-data: pick() from an empty list');
  return item;
}

function weighted<T>(r: Rng, items: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, weight] of items) total += weight;
  let roll = r() * total;
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  const last = items[items.length - 1];
  if (last === undefined) throw new Error('demo-data: weighted() from an empty list');
  return last[0];
}

function shuffle<T>(r: Rng, items: readonly T[]): T[] {
  const copy = items.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const a = copy[i] as T;
    copy[i] = copy[j] as T;
    copy[j] = a;
  }
  return copy;
}

// ---------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------

/** Lowercase ASCII letters and digits only: 'Conceição & Cia' -> 'conceicaocia'. */
function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** pt-BR money: 4500 -> '4.500', 4500.5 -> '4.500,50'; withCents forces ',00'. */
function brl(value: number, withCents = false): string {
  const cents = Math.round(value * 100);
  const whole = Math.floor(cents / 100);
  const rest = cents % 100;
  const wholeText = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  if (rest === 0 && !withCents) return wholeText;
  return `${wholeText},${String(rest).padStart(2, '0')}`;
}

/** Rounds to a "price-like" value: 2.490, 4.500, 18.500, 64.000. */
function priceLike(r: Rng, value: number): number {
  if (value < 10_000) {
    const rounded = Math.max(100, Math.round(value / 100) * 100);
    return chance(r, 0.25) ? rounded - 10 : rounded;
  }
  if (value < 50_000) return Math.round(value / 500) * 500;
  return Math.round(value / 1000) * 1000;
}

// ---------------------------------------------------------------------------
// Reference data
// ---------------------------------------------------------------------------

const MINUTES_PER_DAY = 1440;
const MAX_AGE_MINUTES = 120 * MINUTES_PER_DAY;
const MIN_VALUE = 800;
const MAX_VALUE = 120_000;

const FEMALE_FIRST_NAMES = [
  'Ana', 'Maria', 'Conceição', 'Juliana', 'Fernanda', 'Patrícia', 'Camila', 'Aline', 'Letícia',
  'Beatriz', 'Larissa', 'Gabriela', 'Mariana', 'Bruna', 'Amanda', 'Jéssica', 'Vitória', 'Luana',
  'Natália', 'Tânia', 'Cláudia', 'Mônica', 'Débora', 'Renata', 'Viviane', 'Simone', 'Adriana',
  'Luíza', 'Lúcia', 'Helena', 'Isabela', 'Rafaela', 'Taís', 'Bárbara', 'Priscila', 'Carolina',
  'Daniela', 'Sônia', 'Márcia', 'Raquel', 'Thaís', 'Giovana', 'Yasmin', 'Lívia', 'Cecília',
  'Francisca', 'Antônia', 'Rosângela', 'Vânia', 'Elaine', 'Kelly', 'Talita', 'Paula', 'Jaqueline',
  'Ana Paula', 'Ana Clara', 'Maria Eduarda', 'Maria Clara', 'Maria Fernanda', 'Ana Luíza',
] as const;

const MALE_FIRST_NAMES = [
  'João', 'José', 'Antônio', 'Francisco', 'Carlos', 'Paulo', 'Pedro', 'Lucas', 'Luiz', 'Marcos',
  'Luís', 'Gabriel', 'Rafael', 'Daniel', 'Marcelo', 'Bruno', 'Eduardo', 'Felipe', 'Rodrigo',
  'Gustavo', 'Thiago', 'André', 'Fábio', 'Leandro', 'Márcio', 'Sérgio', 'Vinícius', 'Caio',
  'Otávio', 'Rogério', 'Fernando', 'Ricardo', 'Diego', 'Henrique', 'Matheus', 'Júlio', 'Renato',
  'Wellington', 'Cláudio', 'Flávio', 'Maurício', 'Sebastião', 'Raimundo', 'Heitor', 'Davi',
  'Igor', 'Alexandre', 'Everton', 'Róbson', 'Wagner', 'Anderson', 'Leonardo', 'Samuel',
  'João Pedro', 'João Victor', 'Luiz Fernando', 'José Carlos', 'Carlos Eduardo', 'Pedro Henrique',
  'Paulo Sérgio',
] as const;

const SURNAMES = [
  'Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima',
  'Gomes', 'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Almeida', 'Lopes', 'Soares', 'Fernandes',
  'Vieira', 'Barbosa', 'Rocha', 'Dias', 'Nascimento', 'Andrade', 'Moreira', 'Nunes', 'Marques',
  'Machado', 'Mendes', 'Freitas', 'Cardoso', 'Ramos', 'Gonçalves', 'Santana', 'Teixeira',
  'Araújo', 'Azevedo', 'Brandão', 'Castro', 'Correia', 'Campos', 'Cavalcanti', 'Monteiro',
  'Moura', 'Pinto', 'Peixoto', 'Sampaio', 'Tavares', 'Siqueira', 'Magalhães', 'Figueiredo',
  'Damasceno', 'Bezerra', 'Falcão', 'Guimarães', 'Lacerda', 'Queiroz', 'Xavier', 'Assunção',
  'Galvão', 'Brito', 'Pacheco', 'Bittencourt', 'Ferraz', 'Romano', 'Colombo', 'Takahashi',
  'Yamada', 'Nakamura', 'Schneider', 'Becker', 'Müller', 'Albuquerque', 'Medeiros', 'Rezende',
] as const;

/** Middle names with particles, as they appear in real Brazilian names. */
const PARTICLE_MIDDLES = [
  'da Silva', 'dos Santos', 'de Souza', 'de Oliveira', 'da Conceição', 'do Nascimento',
  'de Jesus', 'da Costa', 'de Almeida', 'dos Reis', 'da Cruz', 'de Paula', 'de Lima',
  'de Andrade', 'de Assis', 'da Rocha',
] as const;

const NAME_PARTICLES = new Set(['de', 'da', 'do', 'dos', 'das', 'e']);

interface City {
  name: string;
  uf: string;
  ddd: number;
}

const CITIES: readonly (readonly [City, number])[] = [
  [{ name: 'São Paulo', uf: 'SP', ddd: 11 }, 22],
  [{ name: 'Guarulhos', uf: 'SP', ddd: 11 }, 2],
  [{ name: 'Campinas', uf: 'SP', ddd: 19 }, 5],
  [{ name: 'Santos', uf: 'SP', ddd: 13 }, 2],
  [{ name: 'Ribeirão Preto', uf: 'SP', ddd: 16 }, 3],
  [{ name: 'Sorocaba', uf: 'SP', ddd: 15 }, 2],
  [{ name: 'São José dos Campos', uf: 'SP', ddd: 12 }, 2],
  [{ name: 'Rio de Janeiro', uf: 'RJ', ddd: 21 }, 10],
  [{ name: 'Niterói', uf: 'RJ', ddd: 21 }, 2],
  [{ name: 'Belo Horizonte', uf: 'MG', ddd: 31 }, 7],
  [{ name: 'Uberlândia', uf: 'MG', ddd: 34 }, 2],
  [{ name: 'Juiz de Fora', uf: 'MG', ddd: 32 }, 1],
  [{ name: 'Curitiba', uf: 'PR', ddd: 41 }, 6],
  [{ name: 'Londrina', uf: 'PR', ddd: 43 }, 2],
  [{ name: 'Maringá', uf: 'PR', ddd: 44 }, 2],
  [{ name: 'Joinville', uf: 'SC', ddd: 47 }, 2],
  [{ name: 'Blumenau', uf: 'SC', ddd: 47 }, 2],
  [{ name: 'Florianópolis', uf: 'SC', ddd: 48 }, 4],
  [{ name: 'Porto Alegre', uf: 'RS', ddd: 51 }, 5],
  [{ name: 'Caxias do Sul', uf: 'RS', ddd: 54 }, 1],
  [{ name: 'Brasília', uf: 'DF', ddd: 61 }, 5],
  [{ name: 'Goiânia', uf: 'GO', ddd: 62 }, 3],
  [{ name: 'Salvador', uf: 'BA', ddd: 71 }, 4],
  [{ name: 'Recife', uf: 'PE', ddd: 81 }, 4],
  [{ name: 'Fortaleza', uf: 'CE', ddd: 85 }, 4],
  [{ name: 'Vitória', uf: 'ES', ddd: 27 }, 2],
  [{ name: 'Natal', uf: 'RN', ddd: 84 }, 1],
  [{ name: 'João Pessoa', uf: 'PB', ddd: 83 }, 1],
  [{ name: 'Maceió', uf: 'AL', ddd: 82 }, 1],
  [{ name: 'Belém', uf: 'PA', ddd: 91 }, 1],
  [{ name: 'Manaus', uf: 'AM', ddd: 92 }, 1],
  [{ name: 'Campo Grande', uf: 'MS', ddd: 67 }, 1],
  [{ name: 'Cuiabá', uf: 'MT', ddd: 65 }, 1],
];

type ServiceKey =
  | 'trafego'
  | 'social'
  | 'seo'
  | 'branding'
  | 'site'
  | 'ecommerce'
  | 'landing'
  | 'conteudo'
  | 'automacao';

interface Service {
  tag: string;
  /** Used inside sentences: "orçamento de {label}". */
  label: string;
  /** Longer description: "proposta de {long}". */
  long: string;
  /** Subject lines. */
  title: string;
  min: number;
  max: number;
  recurring: boolean;
  deliverables: string;
}

const SERVICES: Record<ServiceKey, Service> = {
  trafego: {
    tag: 'tráfego pago',
    label: 'tráfego pago',
    long: 'gestão de tráfego pago no Google Ads e no Meta Ads',
    title: 'Gestão de tráfego pago',
    min: 1500,
    max: 9000,
    recurring: true,
    deliverables:
      'gestão das campanhas no Google Ads e no Meta Ads, relatórios quinzenais e reunião mensal de resultados',
  },
  social: {
    tag: 'social media',
    label: 'social media',
    long: 'gestão de redes sociais',
    title: 'Social media',
    min: 1200,
    max: 7000,
    recurring: true,
    deliverables: '12 posts e 8 stories por mês, planejamento de conteúdo e gestão da comunidade',
  },
  seo: {
    tag: 'SEO',
    label: 'SEO',
    long: 'SEO e otimização do site',
    title: 'SEO',
    min: 1500,
    max: 8000,
    recurring: true,
    deliverables: 'auditoria técnica, otimização on-page, 4 artigos por mês e relatório mensal de posições',
  },
  branding: {
    tag: 'branding',
    label: 'branding',
    long: 'branding e identidade visual',
    title: 'Branding e identidade visual',
    min: 4000,
    max: 45_000,
    recurring: false,
    deliverables: 'pesquisa de marca, logotipo, paleta de cores, tipografia e manual da marca',
  },
  site: {
    tag: 'site institucional',
    label: 'site institucional',
    long: 'um site institucional novo',
    title: 'Site institucional',
    min: 2500,
    max: 22_000,
    recurring: false,
    deliverables:
      'site de até 8 páginas, responsivo, com blog, integração com WhatsApp e SEO básico',
  },
  ecommerce: {
    tag: 'e-commerce',
    label: 'loja virtual',
    long: 'implantação de loja virtual',
    title: 'E-commerce',
    min: 9000,
    max: 120_000,
    recurring: false,
    deliverables:
      'loja virtual completa na Nuvemshop ou Shopify, integração com pagamentos, frete e ERP, e treinamento da equipe',
  },
  landing: {
    tag: 'landing page',
    label: 'landing page',
    long: 'landing pages para campanhas',
    title: 'Landing page',
    min: MIN_VALUE,
    max: 5000,
    recurring: false,
    deliverables: 'landing page com copy, design e integração do formulário com o CRM',
  },
  conteudo: {
    tag: 'produção de conteúdo',
    label: 'produção de conteúdo',
    long: 'produção de conteúdo e reels',
    title: 'Produção de conteúdo',
    min: 1800,
    max: 9000,
    recurring: true,
    deliverables: 'roteiro e edição de 8 reels por mês, fotos de produto e calendário editorial',
  },
  automacao: {
    tag: 'automação',
    label: 'automação de marketing',
    long: 'automação de marketing e CRM',
    title: 'Automação de marketing',
    min: 3500,
    max: 35_000,
    recurring: false,
    deliverables:
      'implantação do CRM, fluxos de nutrição por e-mail e WhatsApp e treinamento do time comercial',
  },
};

const SERVICE_KEYS = Object.keys(SERVICES) as ServiceKey[];

type Gendered = readonly [masculine: string, feminine: string];

const GENERIC_TITLES: readonly Gendered[] = [
  ['Proprietário', 'Proprietária'],
  ['Sócio-fundador', 'Sócia-fundadora'],
  ['Sócio', 'Sócia'],
  ['Gerente de Marketing', 'Gerente de Marketing'],
  ['Diretor Comercial', 'Diretora Comercial'],
  ['Coordenador de Marketing', 'Coordenadora de Marketing'],
  ['Analista de Marketing', 'Analista de Marketing'],
  ['Gerente Geral', 'Gerente Geral'],
  ['Diretor Executivo', 'Diretora Executiva'],
];

interface CompanyName {
  name: string;
  /** Domain without TLD; defaults to the slug of the name. */
  domain?: string;
}

interface BusinessKind {
  /** Noun phrase without article: "clínica odontológica". */
  kind: string;
  /** With indefinite article: "uma clínica odontológica". */
  desc: string;
  /** As the client refers to it: "nossa clínica". */
  my: string;
  services: readonly ServiceKey[];
  titles: readonly Gendered[];
  tld: readonly string[];
  weight: number;
  makeName: (r: Rng) => CompanyName;
}

const surname = (r: Rng): string => pick(r, SURNAMES);

const BUSINESS_KINDS: readonly BusinessKind[] = [
  {
    kind: 'padaria',
    desc: 'uma padaria',
    my: 'minha padaria',
    services: ['social', 'trafego', 'branding', 'conteudo'],
    titles: [['Proprietário', 'Proprietária'], ['Gerente', 'Gerente']],
    tld: ['com.br'],
    weight: 6,
    makeName: (r) => ({
      name: `${pick(r, ['Padaria', 'Panificadora', 'Padaria e Confeitaria'])} ${pick(r, [
        'Pão Dourado', 'do Centro', 'Trigo Nobre', 'Santa Clara', 'Bella Massa', 'Nova Aurora',
        'Pão de Mel', 'São Jorge', 'Estrela do Sul', 'Vó Maria', 'Grão Fino', 'Jardim das Flores',
        'Pão Quentinho', 'Dois Irmãos', 'Flor do Trigo',
      ])}`,
    }),
  },
  {
    kind: 'clínica odontológica',
    desc: 'uma clínica odontológica',
    my: 'nossa clínica',
    services: ['trafego', 'site', 'seo', 'social', 'landing'],
    titles: [
      ['Diretor Clínico', 'Diretora Clínica'],
      ['Cirurgião-dentista e Sócio', 'Cirurgiã-dentista e Sócia'],
      ['Gerente Administrativo', 'Gerente Administrativa'],
    ],
    tld: ['com.br'],
    weight: 7,
    makeName: (r) => {
      const style = int(r, 0, 2);
      if (style === 0) {
        const core = pick(r, ['Prime', 'Vida', 'Excellence', 'Care', 'Clean', 'Arte', 'Mais', 'Smile']);
        return { name: `Odonto${core}`, domain: `odonto${slug(core)}` };
      }
      if (style === 1) {
        const core = pick(r, ['Sorriso Perfeito', 'Sorriso Leve', 'Bem Estar', 'Santa Mônica', 'Dente Saudável', 'Sorrir']);
        return { name: `Clínica Odontológica ${core}`, domain: slug(core) };
      }
      const last = surname(r);
      return { name: `${last} Odontologia`, domain: `${slug(last)}odonto` };
    },
  },
  {
    kind: 'clínica de estética',
    desc: 'uma clínica de estética',
    my: 'nossa clínica',
    services: ['trafego', 'social', 'conteudo', 'landing'],
    titles: [['Proprietário', 'Proprietária'], ['Biomédico Esteta', 'Biomédica Esteta'], ['Gerente', 'Gerente']],
    tld: ['com.br'],
    weight: 5,
    makeName: (r) => {
      const core = pick(r, ['Belle', 'Essenza', 'Lumière', 'Bella Pele', 'Renove', 'Harmonie', 'Derme']);
      return {
        name: `${pick(r, ['Espaço', 'Clínica', 'Instituto'])} ${core}${chance(r, 0.5) ? ' Estética' : ''}`,
        domain: `${slug(core)}estetica`,
      };
    },
  },
  {
    kind: 'escritório de advocacia',
    desc: 'um escritório de advocacia',
    my: 'nosso escritório',
    services: ['site', 'seo', 'branding', 'conteudo'],
    titles: [
      ['Sócio', 'Sócia'],
      ['Sócio-fundador', 'Sócia-fundadora'],
      ['Advogado Associado', 'Advogada Associada'],
      ['Coordenador de Marketing', 'Coordenadora de Marketing'],
    ],
    tld: ['adv.br', 'com.br'],
    weight: 5,
    makeName: (r) => {
      const a = surname(r);
      let b = surname(r);
      if (b === a) b = 'Andrade';
      const style = int(r, 0, 2);
      if (style === 0) return { name: `${a} & ${b} Advogados`, domain: slug(a + b) };
      if (style === 1) return { name: `${a} Advocacia`, domain: `${slug(a)}advocacia` };
      return { name: `${a}, ${b} e Associados`, domain: `${slug(a + b)}` };
    },
  },
  {
    kind: 'academia',
    desc: 'uma academia',
    my: 'nossa academia',
    services: ['social', 'trafego', 'landing', 'conteudo'],
    titles: [['Proprietário', 'Proprietária'], ['Gerente da Unidade', 'Gerente da Unidade'], ['Coordenador de Marketing', 'Coordenadora de Marketing']],
    tld: ['com.br'],
    weight: 5,
    makeName: (r) => {
      const style = int(r, 0, 2);
      if (style === 0) return { name: `Academia ${pick(r, ['Força Total', 'Corpo em Movimento', 'Vitta', 'Energia', 'Atlética', 'Performance'])}` };
      if (style === 1) {
        const core = pick(r, ['Iron', 'Move', 'Pulse', 'Vértice', 'Alpha', 'Forma']);
        return { name: `${core} Fitness`, domain: `${slug(core)}fitness` };
      }
      const core = pick(r, ['Equilíbrio', 'Core', 'Leveza', 'Essência', 'Movimento']);
      return { name: `Studio ${core} Pilates`, domain: `${slug(core)}pilates` };
    },
  },
  {
    kind: 'imobiliária',
    desc: 'uma imobiliária',
    my: 'nossa imobiliária',
    services: ['trafego', 'site', 'automacao', 'landing', 'social'],
    titles: [['Diretor Comercial', 'Diretora Comercial'], ['Corretor e Sócio', 'Corretora e Sócia'], ['Gerente de Marketing', 'Gerente de Marketing']],
    tld: ['com.br'],
    weight: 5,
    makeName: (r) => {
      const style = int(r, 0, 2);
      if (style === 0) {
        const last = surname(r);
        return { name: `${last} Imóveis`, domain: `${slug(last)}imoveis` };
      }
      if (style === 1) {
        const core = pick(r, ['Horizonte', 'Morada', 'Lar Ideal', 'Nova Casa', 'Chave de Ouro', 'Terra Firme']);
        return { name: `Imobiliária ${core}`, domain: `${slug(core)}imoveis` };
      }
      const core = pick(r, ['Prisma', 'Vivenda', 'Habitat', 'Alicerce', 'Ponto Certo']);
      return { name: `${core} Negócios Imobiliários`, domain: `${slug(core)}imoveis` };
    },
  },
  {
    kind: 'loja de roupas',
    desc: 'uma loja de roupas',
    my: 'minha loja',
    services: ['ecommerce', 'trafego', 'social', 'conteudo'],
    titles: [['Proprietário', 'Proprietária'], ['Sócio-fundador', 'Sócia-fundadora'], ['Gerente de E-commerce', 'Gerente de E-commerce']],
    tld: ['com.br'],
    weight: 7,
    makeName: (r) => {
      const core = pick(r, ['Flor de Lis', 'Amora', 'Jasmim', 'Bella Donna', 'Vitrine', 'Alma Carioca', 'Dona Flor', 'Lótus', 'Maré', 'Cerrado', 'Ipê']);
      const style = int(r, 0, 2);
      if (style === 0) return { name: `${core} Moda`, domain: `${slug(core)}moda` };
      if (style === 1) return { name: `Boutique ${core}`, domain: `boutique${slug(core)}` };
      return { name: `${core} Store`, domain: `${slug(core)}store` };
    },
  },
  {
    kind: 'restaurante',
    desc: 'um restaurante',
    my: 'nosso restaurante',
    services: ['social', 'trafego', 'branding', 'conteudo'],
    titles: [['Proprietário', 'Proprietária'], ['Chef e Sócio', 'Chef e Sócia'], ['Gerente', 'Gerente']],
    tld: ['com.br'],
    weight: 6,
    makeName: (r) => {
      const style = int(r, 0, 3);
      if (style === 0) return { name: `Restaurante ${pick(r, ['Sabor da Terra', 'Tempero Mineiro', 'Fogão a Lenha', 'Recanto', 'Maria Bonita', 'Porto Velho'])}` };
      if (style === 1) return { name: `Cantina ${pick(r, ['Bellini', 'Rossi', 'Dona Giuseppina', 'Romano', 'Nonna Rosa'])}` };
      if (style === 2) {
        const core = pick(r, ['Brasa', 'Bairro', 'Quintal', 'Garagem', 'Monstro']);
        return { name: `${core} Burger`, domain: `${slug(core)}burger` };
      }
      const core = pick(r, ['Sakura', 'Kenzo', 'Haru', 'Ikigai']);
      return { name: `${core} Sushi`, domain: `${slug(core)}sushi` };
    },
  },
  {
    kind: 'startup',
    desc: 'uma startup',
    my: 'nossa startup',
    services: ['trafego', 'branding', 'site', 'automacao', 'seo', 'landing'],
    titles: [['CEO', 'CEO'], ['Co-founder e CEO', 'Co-founder e CEO'], ['CMO', 'CMO'], ['Head de Growth', 'Head de Growth'], ['COO', 'COO']],
    tld: ['com.br', 'io', 'app'],
    weight: 5,
    makeName: (r) => {
      const head = pick(r, ['Agenda', 'Frete', 'Conta', 'Nota', 'Vende', 'Cliente', 'Estoque', 'Rota', 'Pedido', 'Obra', 'Caixa', 'Loja']);
      const tail = pick(r, ['Hub', 'Flow', 'Fácil', 'Mais', 'Pro', 'Tech', 'Já', 'Go', 'Up', 'Smart']);
      return { name: `${head}${tail}` };
    },
  },
  {
    kind: 'escola de idiomas',
    desc: 'uma escola de idiomas',
    my: 'nossa escola',
    services: ['trafego', 'landing', 'social', 'automacao'],
    titles: [['Diretor Pedagógico', 'Diretora Pedagógica'], ['Coordenador', 'Coordenadora'], ['Proprietário', 'Proprietária']],
    tld: ['com.br'],
    weight: 4,
    makeName: (r) => {
      const core = pick(r, ['Speak Up', 'Fluent', 'Global', 'Wise', 'Connect', 'Open Talk', 'Ponte']);
      const style = int(r, 0, 2);
      if (style === 0) return { name: `${core} Idiomas`, domain: `${slug(core)}idiomas` };
      if (style === 1) return { name: `${core} English School`, domain: `${slug(core)}english` };
      return { name: `Escola de Idiomas ${core}`, domain: `${slug(core)}idiomas` };
    },
  },
  {
    kind: 'pet shop',
    desc: 'um pet shop',
    my: 'meu pet shop',
    services: ['social', 'trafego', 'ecommerce', 'conteudo'],
    titles: [['Proprietário', 'Proprietária'], ['Médico Veterinário e Sócio', 'Médica Veterinária e Sócia'], ['Gerente', 'Gerente']],
    tld: ['com.br'],
    weight: 4,
    makeName: (r) => {
      const core = pick(r, ['Amigo Fiel', 'Patas', 'Bicho Feliz', 'Au Au', 'Focinho Molhado', 'Mundo Animal', 'Quatro Patas']);
      const style = int(r, 0, 2);
      if (style === 0) return { name: `Pet Shop ${core}`, domain: `${slug(core)}pet` };
      if (style === 1) return { name: `${core} Pet`, domain: `${slug(core)}pet` };
      return { name: `Clínica Veterinária ${core}`, domain: `${slug(core)}vet` };
    },
  },
  {
    kind: 'construtora',
    desc: 'uma construtora',
    my: 'nossa construtora',
    services: ['site', 'branding', 'trafego', 'landing'],
    titles: [['Diretor', 'Diretora'], ['Engenheiro e Sócio', 'Engenheira e Sócia'], ['Gerente Comercial', 'Gerente Comercial']],
    tld: ['com.br'],
    weight: 3,
    makeName: (r) => {
      const last = surname(r);
      return chance(r, 0.5)
        ? { name: `${last} Engenharia`, domain: `${slug(last)}engenharia` }
        : { name: `Construtora ${last}`, domain: `construtora${slug(last)}` };
    },
  },
  {
    kind: 'escritório de contabilidade',
    desc: 'um escritório de contabilidade',
    my: 'nosso escritório',
    services: ['site', 'seo', 'social', 'automacao'],
    titles: [['Contador e Sócio', 'Contadora e Sócia'], ['Sócio', 'Sócia'], ['Gerente Administrativo', 'Gerente Administrativa']],
    tld: ['com.br', 'cnt.br'],
    weight: 3,
    makeName: (r) => {
      const last = surname(r);
      return chance(r, 0.5)
        ? { name: `${last} Contabilidade`, domain: `${slug(last)}contabil` }
        : { name: `Escritório Contábil ${last}`, domain: `${slug(last)}contabil` };
    },
  },
  {
    kind: 'pousada',
    desc: 'uma pousada',
    my: 'nossa pousada',
    services: ['trafego', 'site', 'social', 'conteudo'],
    titles: [['Proprietário', 'Proprietária'], ['Gerente', 'Gerente']],
    tld: ['com.br'],
    weight: 2,
    makeName: (r) => {
      const core = pick(r, ['Recanto do Sol', 'Vila do Mar', 'Canto da Serra', 'Maré Alta', 'Águas Claras', 'Casa da Praia']);
      return { name: `Pousada ${core}`, domain: `pousada${slug(core)}` };
    },
  },
  {
    kind: 'barbearia',
    desc: 'uma barbearia',
    my: 'minha barbearia',
    services: ['social', 'trafego', 'branding'],
    titles: [['Proprietário', 'Proprietária'], ['Sócio', 'Sócia']],
    tld: ['com.br'],
    weight: 2,
    makeName: (r) => {
      const core = pick(r, ['Dom Bigode', 'Navalha de Ouro', 'Old School', 'Seu Zé', 'Corte Fino']);
      return { name: `Barbearia ${core}`, domain: `barbearia${slug(core)}` };
    },
  },
  {
    kind: 'distribuidora',
    desc: 'uma distribuidora',
    my: 'nossa distribuidora',
    services: ['site', 'automacao', 'trafego', 'seo'],
    titles: [['Diretor Comercial', 'Diretora Comercial'], ['Gerente de Marketing', 'Gerente de Marketing'], ['Sócio-diretor', 'Sócia-diretora']],
    tld: ['com.br'],
    weight: 2,
    makeName: (r) => {
      const last = surname(r);
      return chance(r, 0.5)
        ? { name: `Distribuidora ${last}`, domain: `distribuidora${slug(last)}` }
        : { name: `${last} Alimentos`, domain: `${slug(last)}alimentos` };
    },
  },
];

/** Self-employed people without a company name. */
interface Profession {
  title: Gendered;
  desc: string;
  my: string;
  services: readonly ServiceKey[];
}

const PROFESSIONS: readonly Profession[] = [
  { title: ['Nutricionista', 'Nutricionista'], desc: 'um consultório de nutrição', my: 'meu consultório', services: ['social', 'trafego', 'site'] },
  { title: ['Personal Trainer', 'Personal Trainer'], desc: 'uma consultoria de treino online', my: 'minha consultoria', services: ['social', 'trafego', 'landing'] },
  { title: ['Psicólogo', 'Psicóloga'], desc: 'um consultório de psicologia', my: 'meu consultório', services: ['site', 'seo', 'social'] },
  { title: ['Arquiteto', 'Arquiteta'], desc: 'um escritório de arquitetura', my: 'meu escritório', services: ['branding', 'site', 'social'] },
  { title: ['Corretor de Imóveis', 'Corretora de Imóveis'], desc: 'uma carteira de imóveis na região', my: 'meus anúncios de imóveis', services: ['trafego', 'landing'] },
  { title: ['Fotógrafo', 'Fotógrafa'], desc: 'um estúdio de fotografia', my: 'meu estúdio', services: ['site', 'branding', 'trafego'] },
  { title: ['Confeiteiro', 'Confeiteira'], desc: 'uma confeitaria em casa', my: 'minha confeitaria', services: ['social', 'branding', 'trafego'] },
  { title: ['Infoprodutor', 'Infoprodutora'], desc: 'um curso online', my: 'meu curso online', services: ['trafego', 'landing', 'automacao'] },
  { title: ['Dentista', 'Dentista'], desc: 'um consultório odontológico', my: 'meu consultório', services: ['trafego', 'social', 'site'] },
  { title: ['Advogado', 'Advogada'], desc: 'um escritório de advocacia próprio', my: 'meu escritório', services: ['site', 'seo', 'branding'] },
];

const FREE_MAIL: readonly (readonly [string, number])[] = [
  ['gmail.com', 50],
  ['hotmail.com', 14],
  ['outlook.com', 10],
  ['yahoo.com.br', 8],
  ['icloud.com', 6],
  ['uol.com.br', 5],
  ['bol.com.br', 3],
  ['terra.com.br', 3],
];

const SOURCES: readonly (readonly [LeadSource, number])[] = [
  ['whatsapp', 22],
  ['instagram', 20],
  ['site', 15],
  ['indicacao', 14],
  ['google_ads', 10],
  ['meta_ads', 10],
  ['evento', 4],
  ['linkedin', 5],
];

const STAGES: readonly StageKey[] = ['lead', 'contact', 'proposal', 'negotiation', 'closed'];
const STAGE_WEIGHTS: Record<StageKey, number> = { lead: 35, contact: 25, proposal: 18, negotiation: 12, closed: 10 };
const STAGE_MIN_AGE: Record<StageKey, number> = {
  lead: 15,
  contact: 1 * MINUTES_PER_DAY,
  proposal: 3 * MINUTES_PER_DAY,
  negotiation: 5 * MINUTES_PER_DAY,
  closed: 7 * MINUTES_PER_DAY,
};
/** Share of unassigned leads, and how strongly each stage attracts them (fresh leads wait for triage). */
const UNASSIGNED_SHARE = 0.1;
const STAGE_UNASSIGNED_WEIGHT: Record<StageKey, number> = { lead: 6, contact: 2, proposal: 1, negotiation: 0.5, closed: 0.5 };

const EVENTS = [
  'RD Summit', 'evento do Sebrae', 'café com empresários da associação comercial',
  'meetup de empreendedores', 'Expo Franchising', 'workshop de marketing digital do Sebrae',
] as const;
const META_CAMPAIGNS = ['Diagnóstico gratuito', 'Agência para pequenos negócios', 'Vendas no Instagram', 'Black Friday'] as const;
const WEEKDAYS = ['segunda', 'terça', 'quarta', 'quinta', 'sexta'] as const;
const PAINS = [
  'dependência de indicação', 'poucos contatos qualificados', 'marca sem padrão visual',
  'site que não gera contatos', 'baixo engajamento nas redes', 'custo por venda alto nos anúncios',
] as const;

// ---------------------------------------------------------------------------
// Lead context
// ---------------------------------------------------------------------------

interface Ctx {
  r: Rng;
  fullName: string;
  /** How the client is called in messages: "Ana Paula", "João". */
  first: string;
  female: boolean;
  company: string | null;
  domain: string | null;
  kind: string;
  desc: string;
  my: string;
  city: City;
  phone: string | null;
  instagram: string;
  service: Service;
  secondary: Service | null;
  value: number;
  budget: number;
  referrer: string;
  event: string;
  source: LeadSource;
}

/** Masculine / feminine agreement for the client. */
function g(c: Ctx, masculine: string, feminine: string): string {
  return c.female ? feminine : masculine;
}

function perMonth(c: Ctx): string {
  return c.service.recurring ? '/mês' : '';
}

function secondaryLabel(c: Ctx): string {
  return c.secondary?.label ?? (c.service.label === 'social media' ? 'tráfego pago' : 'social media');
}

// ---------------------------------------------------------------------------
// Timeline steps
// ---------------------------------------------------------------------------

interface Step {
  channel: Channel;
  direction: Direction;
  subject: string | null;
  content: string;
  /** Typical delay (minutes) since the previous entry. */
  gap: readonly [number, number];
  /** Quick replies keep their natural delay instead of being stretched. */
  quick: boolean;
}

type Text = (c: Ctx) => string;

function step(
  channel: Channel,
  direction: Direction,
  content: string,
  gap: readonly [number, number],
  options: { subject?: string | null; quick?: boolean } = {},
): Step {
  return { channel, direction, subject: options.subject ?? null, content, gap, quick: options.quick ?? false };
}

function note(content: string, gap: readonly [number, number], quick = false): Step {
  return step('note', 'internal', content, gap, { quick });
}

const SCHEDULE_ANSWERS: readonly Text[] = [
  (c) => `Pode ser ${pick(c.r, WEEKDAYS)} às ${int(c.r, 9, 17)}h?`,
  (c) => `Amanhã fica difícil, pode ser ${pick(c.r, WEEKDAYS)} de manhã?`,
  (c) => `Pode sim! Me liga depois das ${int(c.r, 14, 18)}h, de manhã fico ${g(c, 'enrolado', 'enrolada')} com o movimento.`,
];

function firstContactStep(c: Ctx): Step {
  const r = c.r;
  const s = c.service;
  const zero = [0, 0] as const;
  switch (c.source) {
    case 'whatsapp':
      return step('whatsapp', 'inbound', pick<Text>(r, [
        () => `Oi, boa tarde! Tudo bem? Queria um orçamento de ${s.label} para ${c.my}.`,
        () => `Olá! Meu nome é ${c.first}${c.company ? `, sou da ${c.company}` : ''}. Estamos precisando de ajuda com ${s.label}. Vocês conseguem me passar valores?`,
        () => `Bom dia! Vocês atendem em ${c.city.name}? Tenho ${c.desc} e queria entender como funciona ${s.long}.`,
        () => `Oi! Preciso de alguém para cuidar de ${s.label} com urgência, o freelancer que me atendia sumiu 😅 Conseguem me ajudar?`,
        () => `Boa noite! Desculpa o horário. Queria saber mais ou menos quanto fica ${s.long} para ${c.my}.`,
      ])(c), zero);
    case 'instagram':
      return pick<() => Step>(r, [
        () => step('whatsapp', 'inbound', `Oi! Vim pelo Instagram de vocês, gostei muito dos cases. Quanto fica ${s.label} para ${c.my}?`, zero),
        () => step('whatsapp', 'inbound', `Olá, tudo bem? Vi o post de vocês sobre ${s.label} e me identifiquei muito kkk. Podemos conversar?`, zero),
        () => note(`Lead chegou por DM no Instagram perguntando sobre ${s.label}. Pedi o WhatsApp para continuar o atendimento.`, zero),
      ])();
    case 'site': {
      const message = pick<Text>(r, [
        () => `Gostaria de receber uma proposta de ${s.long}.`,
        () => `Olá, estamos buscando uma agência para ${s.label}. Qual o próximo passo?`,
        () => `Tenho ${c.desc} e quero melhorar nossa presença digital. Principal interesse: ${s.label}.`,
      ])(c);
      const lines = [`Nome: ${c.fullName}`];
      if (c.company) lines.push(`Empresa: ${c.company}`);
      lines.push(`Cidade: ${c.city.name}/${c.city.uf}`, `Mensagem: ${message}`);
      return step('email', 'inbound', lines.join('\n'), zero, { subject: `Formulário do site: ${s.title}` });
    }
    case 'indicacao':
      return step('whatsapp', 'inbound', pick<Text>(r, [
        () => `Oi, tudo bem? Peguei seu contato com o pessoal da ${c.referrer}, eles falaram super bem de vocês. Queria conversar sobre ${s.label}.`,
        () => `Olá! Fui ${g(c, 'indicado', 'indicada')} pelo pessoal da ${c.referrer}. Vocês fazem ${s.label}?`,
      ])(c), zero);
    case 'google_ads':
      return pick<() => Step>(r, [
        () => step('whatsapp', 'inbound', `Olá! Achei vocês no Google. Queria saber se fazem ${s.label} para ${c.desc}.`, zero),
        () => step('email', 'inbound', [
          `Nome: ${c.fullName}`,
          `Telefone: ${c.phone ?? 'não informado'}`,
          `Interesse: ${s.title}`,
          'Mensagem: Quero um orçamento, podem me chamar no WhatsApp.',
        ].join('\n'), zero, { subject: 'Novo contato: landing page (Google Ads)' }),
      ])();
    case 'meta_ads':
      return pick<() => Step>(r, [
        () => note(`Lead do formulário do Meta Ads (campanha "${pick(r, META_CAMPAIGNS)}"). Interesse: ${s.label}. Investimento mensal informado: até R$ ${brl(c.budget)}.`, zero),
        () => step('whatsapp', 'inbound', `Oi! Cliquei no anúncio de vocês no Instagram e queria mais informações sobre ${s.label}.`, zero),
      ])();
    case 'evento':
      return note(`Conheci ${c.first} no ${c.event}. Conversamos rapidamente sobre ${s.label} (${c.company ?? c.kind}) e trocamos contato.`, zero);
    case 'linkedin':
      return note(`${c.first} aceitou a conexão no LinkedIn e respondeu à mensagem de prospecção. Tem interesse em ${s.label}.`, zero);
    case 'telefone':
      return note(`${c.first} ligou para a agência pedindo informações sobre ${s.label}.`, zero);
  }
}

interface Reply {
  step: Step;
  answers: readonly Text[];
}

function replyStep(c: Ctx, first: Step): Reply {
  const r = c.r;
  const s = c.service;
  const quickGap = [2, 180] as const;
  const openerGap = [60, 1440] as const;

  if (first.direction === 'internal') {
    const via = c.source === 'evento'
      ? `Oi, ${c.first}! Foi ótimo conversar com você no ${c.event}. Como combinamos, queria marcar um papo sobre ${s.label}. Que dia fica bom?`
      : c.source === 'linkedin'
        ? `Olá, ${c.first}! Aqui é da agência, conversamos pelo LinkedIn. Podemos marcar 20 minutos para eu entender seus objetivos com ${s.label}?`
        : `Oi, ${c.first}, tudo bem? Recebemos seu contato ${c.source === 'instagram' ? 'pelo Instagram' : 'pelo nosso formulário'} sobre ${s.label}. Posso te fazer algumas perguntas rápidas para entender o cenário?`;
    const answers: readonly Text[] = c.source === 'evento' || c.source === 'linkedin'
      ? SCHEDULE_ANSWERS
      : [
          () => 'Pode sim! Só peço que seja por aqui, durante o dia fico no atendimento.',
          () => `Claro! Já adianto que meu orçamento é de uns R$ ${brl(priceLike(r, c.value * (0.6 + r() * 0.3)))}${c.service.recurring ? ' por mês' : ''}.`,
        ];
    return { step: step('whatsapp', 'outbound', via, openerGap, { quick: true }), answers };
  }

  if (first.channel === 'email') {
    if (chance(r, 0.5)) {
      return {
        step: step('email', 'outbound',
          `Olá, ${c.first}, tudo bem?\n\nObrigado pelo contato! Para entender melhor o cenário, podemos fazer uma conversa rápida de 20 minutos esta semana? Tenho horários na quarta e na quinta à tarde.\n\nAbraço!`,
          [30, 600], { subject: `Re: ${first.subject ?? s.title}`, quick: true }),
        answers: [() => `Oi! Recebi seu e-mail. Quinta às ${int(r, 14, 17)}h funciona para mim.`],
      };
    }
    return {
      step: step('whatsapp', 'outbound', `Oi, ${c.first}! Aqui é da agência, recebemos seu contato pelo site 😊 Podemos conversar por aqui mesmo?`, [30, 600], { quick: true }),
      answers: [
        () => 'Claro! Pode ser por aqui sim.',
        () => 'Pode sim. Queria entender valores e prazos primeiro.',
      ],
    };
  }

  const options: readonly (() => Reply)[] = [
    () => ({
      step: step('whatsapp', 'outbound', `Oi, ${c.first}! Tudo ótimo, obrigado pelo contato 😊 Para eu montar algo certinho: vocês já investem em ${s.label} hoje ou seria o primeiro projeto?`, quickGap, { quick: true }),
      answers: [
        () => (s.tag === 'tráfego pago'
          ? `Hoje a gente investe uns R$ ${brl(c.budget)} por mês em anúncios, mas sem acompanhamento nenhum.`
          : 'Já tivemos uma agência, mas não deu muito certo. Hoje está parado.'),
        () => `Seria o primeiro projeto. Hoje eu ${g(c, 'mesmo', 'mesma')} faço tudo quando dá tempo kkk`,
      ],
    }),
    () => ({
      step: step('whatsapp', 'outbound', `Olá, ${c.first}! Atendemos sim. Me conta um pouco mais: qual o principal objetivo agora? Vender mais, gerar contatos ou fortalecer a marca?`, quickGap, { quick: true }),
      answers: [
        () => 'O objetivo é vender mais. O Instagram tem seguidores, mas não converte.',
        () => 'Gerar mais contatos qualificados. Hoje a gente depende muito de indicação.',
        () => 'Queremos passar uma imagem mais profissional, a marca está bem amadora.',
      ],
    }),
    () => ({
      step: step('whatsapp', 'outbound', `Oi, ${c.first}, tudo bem? Podemos marcar uma call rápida de 15 minutos para eu entender melhor o cenário? Qual horário fica bom para você?`, quickGap, { quick: true }),
      answers: SCHEDULE_ANSWERS,
    }),
    () => ({
      step: step('whatsapp', 'outbound', `Oi, ${c.first}! Que bom falar com você. Tem site ou Instagram para eu dar uma olhada antes da nossa conversa?`, quickGap, { quick: true }),
      answers: [
        () => (c.domain ? `Temos sim: ${c.domain}. Está bem desatualizado, não repara 😅` : `O Instagram é ${c.instagram}. Site ainda não temos.`),
        () => `O Instagram é ${c.instagram}. Posto pouco, confesso.`,
      ],
    }),
  ];
  return pick(r, options)();
}

function clientAnswerStep(c: Ctx, reply: Reply): Step {
  return step('whatsapp', 'inbound', pick(c.r, reply.answers)(c), [5, 600], { quick: true });
}

function followUpStep(c: Ctx): Step {
  return step('whatsapp', 'outbound', pick<Text>(c.r, [
    () => `Oi, ${c.first}! Passando para saber se conseguiu ver minha mensagem. Fico à disposição 😊`,
    () => `${c.first}, tudo bem? Consegue falar essa semana? Se preferir, posso te ligar rapidinho.`,
  ])(c), [1440, 4320]);
}

function leadNoteStep(c: Ctx, engaged: boolean): Step {
  const pool: readonly Text[] = engaged
    ? [
        () => 'Lead engajado, respondeu rápido. Agendar diagnóstico esta semana.',
        () => `Budget parece baixo para ${c.service.label}. Oferecer pacote inicial.`,
        () => 'Pediu para retomar depois do fechamento do mês.',
      ]
    : [
        () => `Dei uma olhada no Instagram: poucas postagens e sem identidade visual. Oportunidade para ${secondaryLabel(c)}.`,
        () => 'Site atual carrega devagar e não tem botão de WhatsApp. Levar isso para a conversa.',
      ];
  return note(pick(c.r, pool)(c), [30, 2880]);
}

function noReplyNoteStep(c: Ctx): Step {
  return note(pick(c.r, [
    'Sem resposta após 2 tentativas. Tentar ligação na próxima semana.',
    'Ainda sem retorno. Marquei como retorno para tentar de novo em 15 dias.',
  ]), [1440, 7200]);
}

function discoveryStep(c: Ctx): Step {
  const r = c.r;
  const s = c.service;
  if (chance(r, 0.55)) {
    const summary = pick<Text>(r, [
      () => `cliente quer orçamento para ${s.label}. Já tentou impulsionar posts ${g(c, 'sozinho', 'sozinha')}, sem resultado.`,
      () => `vendas caíram nos últimos meses e ${c.first} quer reforçar ${s.label} antes da alta temporada.`,
      () => `${c.first} decide junto com ${pick(r, ['o sócio', 'a sócia'])}. Pediu proposta com e sem ${secondaryLabel(c)}.`,
      () => 'falou do histórico com a agência anterior (atrasos e pouca comunicação). Prioridade é previsibilidade e relatório mensal.',
      () => `verba de mídia de R$ ${brl(c.budget)}/mês. Quer começar em até 15 dias. Enviar proposta de ${s.label}.`,
    ])(c);
    return step('phone', 'outbound', `Ligação de ${int(r, 6, 35)} min: ${summary}`, [720, 7200]);
  }
  return pick<() => Step>(r, [
    () => step('meeting', 'outbound',
      `Reunião de ${pick(r, [30, 45, 60])} min pelo Google Meet com ${c.first}. Levantamos objetivos, concorrentes e verba de mídia (~R$ ${brl(c.budget)}/mês). Próximo passo: enviar proposta de ${s.label} até sexta.`,
      [720, 7200], { subject: pick(r, ['Reunião de diagnóstico', 'Briefing inicial', 'Call de descoberta']) }),
    () => step('meeting', 'outbound',
      `Visita presencial em ${c.city.name}. ${c.first} mostrou a operação e os materiais atuais. Principal dor: ${pick(r, PAINS)}. Combinamos proposta de ${s.label}.`,
      [1440, 7200], { subject: 'Visita ao cliente' }),
  ])();
}

function contactNoteStep(c: Ctx): Step {
  return note(pick<Text>(c.r, [
    () => `Diagnóstico feito. Montar proposta de ${c.service.label}${c.secondary ? ` + ${c.secondary.label}` : ''}.`,
    () => 'Cliente pediu cases do segmento antes da proposta. Separar dois exemplos.',
    () => 'Aguardando acesso ao Google Analytics e ao Gerenciador de Anúncios para fazer a auditoria.',
  ])(c), [30, 1440], true);
}

function proposalSubject(c: Ctx): string {
  return `Proposta comercial – ${c.service.title} – ${c.company ?? c.fullName}`;
}

function proposalStep(c: Ctx): Step {
  const s = c.service;
  const terms = s.recurring ? '/mês (contrato mínimo de 6 meses)' : ' (50% na aprovação e 50% na entrega)';
  const content = [
    `Olá, ${c.first}, tudo bem?`,
    '',
    `Conforme conversamos, segue em anexo a proposta de ${s.long}.`,
    '',
    `Escopo: ${s.deliverables}.`,
    `Investimento: R$ ${brl(c.value, true)}${terms}.`,
    '',
    'A proposta é válida por 15 dias. Qualquer dúvida, estou à disposição!',
    '',
    'Abraço,',
  ].join('\n');
  return step('email', 'outbound', content, [1440, 7200], { subject: proposalSubject(c) });
}

function clientAckStep(c: Ctx): Step {
  return step('whatsapp', 'inbound', pick<Text>(c.r, [
    () => `Recebi a proposta! Vou analisar com ${pick(c.r, ['meu sócio', 'minha sócia'])} e te retorno até sexta.`,
    () => `Oi! Recebi sim, ${g(c, 'obrigado', 'obrigada')}. Só vou conseguir olhar com calma no fim de semana.`,
    () => 'Recebi! Achei bem completa. Vou ver com o financeiro e te falo.',
  ])(c), [30, 1440], { quick: true });
}

function counterStep(c: Ctx): Step {
  const r = c.r;
  return pick<() => Step>(r, [
    () => step('whatsapp', 'inbound', 'Gostei bastante da proposta, mas ficou um pouco acima do que eu tinha pensado. Tem como ajustar?', [720, 4320]),
    () => step('whatsapp', 'inbound', 'Vocês conseguem parcelar em 3x? Aí fica mais fácil aprovar aqui.', [720, 4320]),
    () => step('whatsapp', 'inbound', `Dá para começar só com parte do escopo e incluir ${secondaryLabel(c)} depois?`, [720, 4320]),
    () => step('whatsapp', 'inbound', `Recebi outra proposta de R$ ${brl(priceLike(r, c.value * 0.75))}${perMonth(c)}. Vocês conseguem chegar perto disso?`, [720, 4320]),
    () => step('email', 'inbound', 'Olá! Revisamos a proposta internamente. Conseguimos começar com um contrato de 3 meses em vez de 6, para testar?', [720, 4320], { subject: `Re: ${proposalSubject(c)}` }),
  ])();
}

function negotiationStep(c: Ctx): Step {
  const r = c.r;
  return pick<() => Step>(r, [
    () => step('phone', 'outbound', `Ligação de ${int(r, 8, 30)} min: negociamos 10% de desconto no setup para contrato de 6 meses. ${c.first} vai confirmar com o financeiro.`, [720, 4320]),
    () => step('meeting', 'outbound', `Reunião com ${c.first} para revisar o escopo. Ajustamos o pacote para R$ ${brl(priceLike(r, c.value * 0.9))}${perMonth(c)}. Aguardando aprovação.`, [1440, 4320], { subject: 'Alinhamento da proposta' }),
    () => step('whatsapp', 'outbound', `${c.first}, consegui aprovar aqui uma condição especial: setup com 50% de desconto se fecharmos até o fim do mês. O que acha?`, [720, 4320]),
    () => step('email', 'outbound', `Olá, ${c.first}!\n\nSegue a proposta revisada, com o escopo ajustado e parcelamento em 3x no boleto. Fico no aguardo do seu retorno.\n\nAbraço,`, [720, 4320], { subject: `Proposta revisada – ${c.company ?? c.fullName}` }),
  ])();
}

function wonSteps(c: Ctx): Step[] {
  const r = c.r;
  const accept = pick<() => Step>(r, [
    () => step('whatsapp', 'inbound', 'Fechado! Pode mandar o contrato 🙌', [720, 7200]),
    () => step('whatsapp', 'inbound', `Conversei com ${pick(r, ['meu sócio', 'minha sócia'])} e vamos seguir com vocês! Qual o próximo passo?`, [720, 7200]),
    () => step('email', 'inbound', 'Olá! Proposta aprovada. Podem enviar o contrato e os dados para pagamento.', [720, 7200], { subject: `Re: ${proposalSubject(c)}` }),
  ])();
  const done = note(pick<Text>(r, [
    () => `Contrato assinado via ${pick(r, ['Clicksign', 'D4Sign', 'DocuSign'])}. Kickoff agendado para ${pick(r, WEEKDAYS)} às ${int(r, 9, 16)}h. Passar para o time de operação.`,
    () => `Fechado em R$ ${brl(c.value)}${perMonth(c)}. Primeiro boleto enviado; onboarding começa ${pick(r, WEEKDAYS)}.`,
  ])(c), [60, 2880], true);
  return [accept, done];
}

function lostSteps(c: Ctx): Step[] {
  const r = c.r;
  const outcomes: readonly (() => Step[])[] = [
    () => [
      step('whatsapp', 'inbound', 'Oi! Agradeço muito a atenção, mas decidimos seguir com outra agência por enquanto.', [1440, 10080]),
      note(`Perdido: escolheu agência concorrente. Retomar contato em ${pick(r, [60, 90, 120])} dias.`, [10, 600], true),
    ],
    () => [
      step('whatsapp', 'inbound', 'No momento vamos segurar o investimento, o caixa está apertado. Quem sabe no próximo semestre.', [1440, 10080]),
      note('Perdido: sem orçamento no momento. Retomar contato em 6 meses.', [10, 600], true),
    ],
    () => [
      step('email', 'inbound', 'Olá! Achamos o valor alto para o nosso momento. Se surgir uma opção mais enxuta, me avisem.', [1440, 10080], { subject: `Re: ${proposalSubject(c)}` }),
      note('Perdido: preço acima do esperado. Avaliar oferta de pacote menor no próximo trimestre.', [10, 600], true),
    ],
    () => [
      step('whatsapp', 'outbound', `Oi, ${c.first}! Conseguiu avaliar a proposta? Se fizer sentido, posso ajustar o escopo.`, [2880, 10080]),
      note('Perdido: sem retorno após 3 follow-ups.', [4320, 14400]),
    ],
  ];
  return pick(r, outcomes)();
}

function buildSteps(c: Ctx, stage: StageKey, status: DemoStatus): Step[] {
  const r = c.r;
  const first = firstContactStep(c);
  const steps: Step[] = [first];
  switch (stage) {
    case 'lead': {
      const reply = replyStep(c, first);
      steps.push(reply.step);
      // One draw picks the branch: client answered / follow-up / note only / nothing.
      const path = r();
      if (path < 0.5) {
        steps.push(clientAnswerStep(c, reply));
        if (chance(r, 0.4)) steps.push(leadNoteStep(c, true));
      } else if (path < 0.8) {
        steps.push(followUpStep(c));
        if (chance(r, 0.4)) steps.push(noReplyNoteStep(c));
      } else if (path < 0.9) {
        steps.push(leadNoteStep(c, false));
      }
      break;
    }
    case 'contact': {
      const reply = replyStep(c, first);
      steps.push(reply.step);
      if (chance(r, 0.6)) steps.push(clientAnswerStep(c, reply));
      steps.push(discoveryStep(c));
      if (chance(r, 0.35)) steps.push(contactNoteStep(c));
      break;
    }
    case 'proposal': {
      if (chance(r, 0.5)) steps.push(replyStep(c, first).step);
      steps.push(discoveryStep(c));
      steps.push(proposalStep(c));
      if (chance(r, 0.5)) steps.push(clientAckStep(c));
      break;
    }
    case 'negotiation': {
      if (chance(r, 0.75)) steps.push(discoveryStep(c));
      steps.push(proposalStep(c));
      steps.push(counterStep(c));
      steps.push(negotiationStep(c));
      break;
    }
    case 'closed': {
      if (chance(r, status === 'won' ? 0.6 : 0.4)) steps.push(discoveryStep(c));
      steps.push(proposalStep(c));
      steps.push(...(status === 'won' ? wonSteps(c) : lostSteps(c)));
      break;
    }
  }
  return steps.slice(0, 5);
}

/**
 * Places the steps in time: the first at `start` minutes ago, the rest spread
 * so that the newest lands near `end` minutes ago. Strictly decreasing, >= 0.
 */
function scheduleSteps(r: Rng, steps: readonly Step[], start: number, end: number): number[] {
  const n = steps.length;
  const span = Math.max(0, start - end);
  const gaps = steps.map((s, i) => (i === 0 ? 0 : int(r, s.gap[0], s.gap[1])));
  const desired = gaps.reduce((sum, v) => sum + v, 0);
  if (desired > span && desired > 0) {
    const factor = span / desired;
    for (let i = 1; i < n; i++) gaps[i] = (gaps[i] ?? 0) * factor;
  } else if (desired < span) {
    // Stretch the slow steps (e.g. waiting for a proposal), not the quick replies.
    let stretchable = 0;
    for (let i = 1; i < n; i++) if (!steps[i]?.quick) stretchable += gaps[i] ?? 0;
    // With only quick steps the conversation simply ended earlier than `end`.
    const extra = span - desired;
    for (let i = 1; i < n; i++) {
      const own = gaps[i] ?? 0;
      if (stretchable > 0 && !steps[i]?.quick) gaps[i] = own + (extra * own) / stretchable;
    }
  }
  const times: number[] = [];
  let elapsed = 0;
  for (let i = 0; i < n; i++) {
    elapsed += gaps[i] ?? 0;
    times.push(Math.round(start - elapsed));
  }
  // Enforce strictly decreasing, then non-negative (start >= n - 1 keeps both).
  times[0] = start;
  for (let i = 1; i < n; i++) times[i] = Math.min(times[i] ?? 0, (times[i - 1] ?? 0) - 1);
  let floor = 0;
  for (let i = n - 1; i >= 0; i--) {
    times[i] = Math.max(times[i] ?? 0, floor);
    floor = (times[i] ?? 0) + 1;
  }
  return times;
}

// ---------------------------------------------------------------------------
// Lead generation
// ---------------------------------------------------------------------------

/**
 * Picks exactly round(count * UNASSIGNED_SHARE) lead indexes to leave
 * unassigned: weighted sampling without replacement (Efraimidis–Spirakis).
 */
function unassignedIndexes(r: Rng, stages: readonly StageKey[]): Set<number> {
  const target = Math.round(stages.length * UNASSIGNED_SHARE);
  const keyed = stages.map((stage, i) => ({ i, key: Math.pow(r(), 1 / STAGE_UNASSIGNED_WEIGHT[stage]) }));
  keyed.sort((a, b) => b.key - a.key || a.i - b.i);
  return new Set(keyed.slice(0, target).map((k) => k.i));
}

function stageQuotas(r: Rng, count: number): StageKey[] {
  const total = STAGES.reduce((sum, s) => sum + STAGE_WEIGHTS[s], 0);
  const exact = STAGES.map((s) => (count * STAGE_WEIGHTS[s]) / total);
  const counts = exact.map((v) => Math.floor(v));
  let missing = count - counts.reduce((sum, v) => sum + v, 0);
  // Largest remainder; ties favour earlier (wider) stages to keep the funnel shape.
  const order = exact
    .map((v, i) => ({ i, rest: v - Math.floor(v) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (missing <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    missing--;
  }
  const list: StageKey[] = [];
  STAGES.forEach((stage, i) => {
    for (let k = 0; k < (counts[i] ?? 0); k++) list.push(stage);
  });
  return shuffle(r, list);
}

interface Person {
  fullName: string;
  first: string;
  female: boolean;
  /** ASCII tokens for e-mails. */
  given: string[];
  middle: string | null;
  last: string;
}

function makePerson(r: Rng, usedNames: Set<string>): Person {
  let candidate: Person | null = null;
  for (let attempt = 0; attempt < 500; attempt++) {
    const female = chance(r, 0.52);
    const first = pick(r, female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
    const last = pick(r, SURNAMES);
    const form = r();
    let middle: string | null = null;
    if (form < 0.3) {
      const m = pick(r, SURNAMES);
      if (m !== last) middle = m;
    } else if (form < 0.5) {
      middle = pick(r, PARTICLE_MIDDLES);
    }
    let middleTokens = (middle ?? '').split(' ').filter((t) => t && !NAME_PARTICLES.has(t));
    if (middleTokens.some((t) => t === last || first.split(' ').includes(t))) {
      middle = null;
      middleTokens = [];
    }
    const fullName = [first, middle, last].filter((p): p is string => p !== null).join(' ');
    candidate = {
      fullName,
      first,
      female,
      given: first.split(' ').map(slug),
      middle: middleTokens.length > 0 ? slug(middleTokens.join('')) : null,
      last: slug(last),
    };
    if (!usedNames.has(fullName)) break;
  }
  if (candidate === null) throw new Error('demo-data: could not build a name');
  usedNames.add(candidate.fullName);
  return candidate;
}

function uniqueEmail(local: string, domain: string, used: Set<string>, r: Rng, freeMail: boolean): string {
  let email = `${local}@${domain}`;
  for (let attempt = 1; used.has(email); attempt++) {
    // Free mail: the usual "ana.souza27"; company mail: "ana.souza2".
    const suffix = freeMail && attempt <= 20 ? int(r, 2, 99) : attempt + 1;
    email = `${local}${suffix}@${domain}`;
  }
  used.add(email);
  return email;
}

function makeEmail(r: Rng, person: Person, domain: string | null, isOwner: boolean, used: Set<string>): string {
  const f = person.given[0] ?? 'contato';
  const l = person.last;
  const joinedGiven = person.given.join('');
  if (domain !== null) {
    const local = weighted(r, [
      [`${f}.${l}`, 55],
      [f, 15],
      [`${f.charAt(0)}${l}`, 10],
      [`${joinedGiven}`, 8],
      ['contato', isOwner ? 12 : 0],
    ] as const);
    return uniqueEmail(local, domain, used, r, false);
  }
  const provider = weighted(r, FREE_MAIL);
  const local = weighted(r, [
    [`${f}.${l}`, 35],
    [`${f}${l}`, 15],
    [`${joinedGiven}.${l}`, person.given.length > 1 ? 15 : 0],
    [person.middle ? `${f}.${person.middle}.${l}` : `${f}_${l}`, 10],
    [`${f}.${l}${int(r, 1, 99)}`, 15],
    [`${f}${l}${int(r, 1975, 2001)}`, 10],
  ] as const);
  return uniqueEmail(local, provider, used, r, true);
}

function makePhone(r: Rng, ddd: number, used: Set<string>): string {
  for (;;) {
    // Brazilian mobiles: 9 + 8 digits, the first of which is usually 6..9.
    const rest = `${int(r, 6, 9)}${String(int(r, 0, 9_999_999)).padStart(7, '0')}`;
    const phone = `+55${ddd}9${rest}`;
    if (!used.has(phone)) {
      used.add(phone);
      return phone;
    }
  }
}

function makeValue(r: Rng, service: Service, secondary: Service | null): number {
  const skewed = (s: Service): number => s.min * Math.pow(s.max / s.min, Math.pow(r(), 1.7));
  let value = skewed(service);
  if (secondary !== null) value += 0.5 * skewed(secondary);
  return Math.min(MAX_VALUE, Math.max(MIN_VALUE, priceLike(r, value)));
}

function makeNotes(c: Ctx, jobTitle: string | null): string | null {
  const r = c.r;
  if (!chance(r, 0.6)) return null;
  const where = c.company
    ? `${capitalize(c.kind)} em ${c.city.name}/${c.city.uf}.`
    : `${jobTitle ?? capitalize(c.kind)} em ${c.city.name}/${c.city.uf}.`;
  const extras: Text[] = [
    () => `Verba de mídia estimada em R$ ${brl(c.budget)}/mês.`,
    () => 'Prefere contato por WhatsApp, de manhã.',
    () => 'Já trabalhou com outra agência e não gostou do atendimento.',
    () => 'Quer começar antes da Black Friday.',
    () => 'Site atual em WordPress, bem desatualizado.',
    () => 'Pediu nota fiscal mensal e pagamento por boleto.',
    () => 'Decisão passa pelo sócio.',
    () => `Instagram ${c.instagram} com cerca de ${int(r, 2, 40)} mil seguidores.`,
  ];
  if (c.secondary) extras.push(() => `Interesse também em ${c.secondary?.label ?? ''}.`);
  const chosen = shuffle(r, extras).slice(0, int(r, 1, 2)).map((t) => t(c));
  return [where, ...chosen].join(' ');
}

function makeTags(c: Ctx, stage: StageKey, status: DemoStatus, priority: LeadPriority, steps: readonly Step[]): string[] {
  const r = c.r;
  if (chance(r, 0.1)) return [];
  const tags: string[] = [];
  if (chance(r, 0.85)) tags.push(c.service.tag);
  if (c.secondary && chance(r, 0.6)) tags.push(c.secondary.tag);
  if (status === 'active' && (priority === 'high' || priority === 'urgent') && chance(r, 0.7)) tags.push('quente');
  const waiting = steps.some((s) => s.content.startsWith('Sem resposta') || s.content.startsWith('Ainda sem retorno'));
  if ((waiting || status === 'lost') && chance(r, 0.6)) tags.push('retorno');
  if (c.service.recurring && (status === 'won' || stage === 'negotiation') && chance(r, 0.7)) tags.push('recorrente');
  if (c.source === 'indicacao' && chance(r, 0.5)) tags.push('indicação');
  if (c.value >= 30_000 && chance(r, 0.5)) tags.push('ticket alto');
  return Array.from(new Set(tags)).slice(0, 4);
}

function makePriority(r: Rng, stage: StageKey, status: DemoStatus, value: number): LeadPriority {
  let score = r();
  if (value >= 20_000) score += 0.2;
  if (stage === 'negotiation') score += 0.2;
  if (stage === 'proposal') score += 0.1;
  if (status !== 'active') score -= 0.2;
  if (score < 0.3) return 'low';
  if (score < 0.75) return 'medium';
  if (score < 1.02) return 'high';
  return 'urgent';
}

export function generateDemoLeads(options: GenerateDemoLeadsOptions): DemoLead[] {
  const { seed, count, assigneeCount } = options;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  if (!Number.isInteger(assigneeCount) || assigneeCount < 0) {
    throw new RangeError(`assigneeCount must be a non-negative integer, got ${assigneeCount}`);
  }

  const r = createRandom(seed);
  const stages = stageQuotas(r, count);
  const unassigned = unassignedIndexes(r, stages);
  const positions: Record<StageKey, number> = { lead: 0, contact: 0, proposal: 0, negotiation: 0, closed: 0 };
  const usedNames = new Set<string>();
  const usedEmails = new Set<string>();
  const usedPhones = new Set<string>();
  const usedCompanies = new Set<string>();
  const kindWeights = BUSINESS_KINDS.map((k) => [k, k.weight] as const);

  const leads: DemoLead[] = [];
  for (const [leadIndex, stage] of stages.entries()) {
    const person = makePerson(r, usedNames);
    const city = weighted(r, CITIES);
    const source = weighted(r, SOURCES);

    // Business: a company (most leads) or a self-employed professional.
    let company: string | null = null;
    let domain: string | null = null;
    let handle = `${person.given[0] ?? ''}.${person.last}`;
    let kind: string;
    let desc: string;
    let my: string;
    let serviceKeys: readonly ServiceKey[];
    let jobTitle: string | null;
    let isOwner = false;
    if (chance(r, 0.85)) {
      const biz = weighted(r, kindWeights);
      let made = biz.makeName(r);
      for (let attempt = 0; attempt < 20 && usedCompanies.has(made.name); attempt++) made = biz.makeName(r);
      usedCompanies.add(made.name);
      company = made.name;
      handle = made.domain ?? slug(made.name);
      domain = `${handle}.${pick(r, biz.tld)}`;
      kind = biz.kind;
      desc = biz.desc;
      my = biz.my;
      serviceKeys = biz.services;
      const title = chance(r, 0.6) ? pick(r, biz.titles) : pick(r, GENERIC_TITLES);
      jobTitle = chance(r, 0.92) ? (person.female ? title[1] : title[0]) : null;
      isOwner = jobTitle !== null && /Propriet|Sóci|CEO|Diretor/.test(jobTitle);
    } else {
      const prof = pick(r, PROFESSIONS);
      kind = (person.female ? prof.title[1] : prof.title[0]).toLowerCase();
      desc = prof.desc;
      my = prof.my;
      serviceKeys = prof.services;
      jobTitle = chance(r, 0.85) ? (person.female ? prof.title[1] : prof.title[0]) : null;
    }

    const service = SERVICES[chance(r, 0.8) ? pick(r, serviceKeys) : pick(r, SERVICE_KEYS)];
    let secondary: Service | null = null;
    if (chance(r, 0.3)) {
      const other = SERVICES[pick(r, serviceKeys)];
      if (other !== service) secondary = other;
    }
    const value = makeValue(r, service, secondary);

    // Contact data: WhatsApp leads always have a phone; at least one of the two is set.
    const needsEmail = source === 'site' || source === 'linkedin';
    const needsPhone = source === 'whatsapp' || source === 'instagram' || source === 'indicacao' || source === 'meta_ads';
    const hasPhone = needsPhone || chance(r, 0.94);
    const hasEmail = needsEmail || !hasPhone || chance(r, needsPhone ? 0.8 : 0.9);
    const phone = hasPhone ? makePhone(r, city.ddd, usedPhones) : null;
    const useCompanyMail = domain !== null && chance(r, 0.75);
    const email = hasEmail ? makeEmail(r, person, useCompanyMail ? domain : null, isOwner, usedEmails) : null;

    const status: DemoStatus = stage === 'closed' ? (chance(r, 0.6) ? 'won' : 'lost') : 'active';
    const assigneeIndex = assigneeCount > 0 && !unassigned.has(leadIndex) ? int(r, 0, assigneeCount - 1) : null;
    const priority = makePriority(r, stage, status, value);

    let referrer = weighted(r, kindWeights).makeName(r).name;
    for (let attempt = 0; attempt < 10 && referrer === company; attempt++) referrer = weighted(r, kindWeights).makeName(r).name;
    const c: Ctx = {
      r,
      fullName: person.fullName,
      first: person.first,
      female: person.female,
      company,
      domain,
      kind,
      desc,
      my,
      city,
      phone,
      instagram: `@${handle}`,
      service,
      secondary,
      value,
      budget: Math.max(1000, Math.round((1000 * Math.pow(15, Math.pow(r(), 1.5))) / 500) * 500),
      referrer,
      event: pick(r, EVENTS),
      source,
    };

    // Timing: created within the last ~120 days; later stages are older.
    const minAge = STAGE_MIN_AGE[stage];
    const ageSkew = stage === 'lead' ? 1.6 : stage === 'closed' ? 0.8 : 1;
    const createdMinutesAgo = Math.round(minAge + (MAX_AGE_MINUTES - minAge) * Math.pow(r(), ageSkew));

    const steps = buildSteps(c, stage, status);
    const natural = steps.reduce((sum, s) => sum + (s.gap[0] + s.gap[1]) / 2, 0);
    let end: number;
    if (status === 'active' && chance(r, stage === 'lead' ? 0.4 : 0.65)) {
      // Recently worked lead.
      end = Math.floor(Math.pow(r(), 2) * Math.min(createdMinutesAgo * 0.5, 14 * MINUTES_PER_DAY));
    } else {
      // Conversation at its natural pace, possibly long ago.
      end = Math.max(0, Math.round(createdMinutesAgo - natural * (0.7 + r() * 0.8)));
    }
    const times = scheduleSteps(r, steps, createdMinutesAgo, end);

    const authorFor = (): number | null => {
      if (assigneeCount === 0) return null;
      if (assigneeIndex !== null && chance(r, 0.85)) return assigneeIndex;
      return int(r, 0, assigneeCount - 1);
    };
    const timeline: DemoTimelineEntry[] = steps.map((s, i) => ({
      channel: s.channel,
      direction: s.direction,
      subject: s.subject,
      content: s.content,
      minutesAgo: times[i] ?? 0,
      authorIndex: s.direction === 'inbound' ? null : authorFor(),
    }));

    let lastContact: DemoTimelineEntry | null = null;
    for (const entry of timeline) if (entry.direction !== 'internal') lastContact = entry;

    leads.push({
      fullName: person.fullName,
      email,
      phone,
      company,
      jobTitle,
      stage,
      position: positions[stage]++,
      assigneeIndex,
      source,
      priority,
      tags: makeTags(c, stage, status, priority, steps),
      estimatedValue: value.toFixed(2),
      status,
      createdMinutesAgo,
      lastContactMinutesAgo: lastContact ? lastContact.minutesAgo : null,
      lastContactChannel: lastContact ? lastContact.channel : null,
      notes: makeNotes(c, jobTitle),
      timeline,
    });
  }
  return leads;
}
