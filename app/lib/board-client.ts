/**
 * The board's wire shapes (what `/o/:slug/board` and its `column`/`cards`
 * endpoints return) and the helpers the browser needs to talk to them.
 * Shared by server-rendered markup and client code, so nothing server-only here.
 */
import type { AiSentiment } from "~/lib/ai";
import type { LeadPriority } from "~/lib/lead-enums";
import type { Role } from "~/lib/permissions";

export interface BoardPerson {
  id: string;
  fullName: string;
}

export interface BoardCard {
  id: string;
  version: number;
  stageId: string;
  /** Fractional ordering key inside the stage (compare bytewise). */
  position: string;
  fullName: string;
  company: string | null;
  estimatedValue: string | null;
  source: string | null;
  priority: LeadPriority;
  tags: string[];
  assignee: BoardPerson | null;
  lastContactAt: string | null;
  lastContactChannel: string | null;
  /** When the lead last wrote on WhatsApp: the card shows how long its 24-hour window stays open. */
  lastInboundAt: string | null;
  /** Messages its assignee has not read yet. */
  unreadCount: number;
  /** How the lead felt in its newest summary; null before the first. */
  aiSentiment: AiSentiment | null;
  /** When its newest summary was made: newer than the reader's last visit marks it new (the visit is per person, not on the card). */
  aiSummaryAt: string | null;
}

/** The lead's fields the board's free-text filter matches besides the card's name and company. */
export interface LeadSearchFields {
  email: string | null;
  /** E.164, as stored. */
  phone: string | null;
}

export interface StageTotals {
  id: string;
  count: number;
  /** Decimal string, e.g. "12500.00". */
  totalValue: string;
}

export interface BoardStage extends StageTotals {
  name: string;
  color: string;
  leads: BoardCard[];
  nextCursor: string | null;
}

export interface BoardData {
  organization: { id: string; name: string; slug: string; currency: string; timeZone: string; locale: string };
  role: Role;
  me: BoardPerson;
  members: BoardPerson[];
  stages: BoardStage[];
  facets: { sources: string[]; tags: string[] };
  lastEventId: number;
}

/** What the board page's loader answers: the board and the server's clock, so the first render's relative times match. */
export interface BoardPageData extends BoardData {
  now: number;
  /** When the signed-in person last opened each lead whose newest summary they have seen: lead id → ISO time. */
  leadVisits: Record<string, string>;
}

export interface ColumnPage {
  leads: BoardCard[];
  nextCursor: string | null;
}

export interface CardsRefresh {
  cards: Record<string, BoardCard | null>;
  stages: StageTotals[];
}

export type MoveResult =
  | { ok: true; card: BoardCard }
  | { ok: false; error: string; message?: string; card?: BoardCard; movedBy?: BoardPerson | null };

export type CreateResult =
  | { ok: true; card: BoardCard }
  | { ok?: false; fieldErrors?: Record<string, string[] | undefined>; formError?: string | null; message?: string };

const FILTER_KEYS = ["assignee", "source", "tag", "priority", "min", "max", "q"] as const;

/** The board filters present in a query string, in a stable order (empty values dropped). */
export function filterParams(search: URLSearchParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = search.get(key)?.trim();
    if (value) params.set(key, value);
  }
  return params;
}

export function activeFilterCount(search: URLSearchParams): number {
  const params = filterParams(search);
  // A value range is one filter, however many ends it has.
  const range = params.has("min") || params.has("max") ? 1 : 0;
  return [...params.keys()].filter((key) => key !== "min" && key !== "max").length + range;
}

export function boardPath(slug: string) {
  return `/o/${slug}/board`;
}

export function columnUrl(slug: string, stageId: string, cursor: string, search: URLSearchParams) {
  const params = filterParams(search);
  params.set("stageId", stageId);
  params.set("cursor", cursor);
  return `/o/${slug}/board/column?${params}`;
}

export function cardsUrl(slug: string, ids: string[], search: URLSearchParams) {
  const params = filterParams(search);
  params.set("ids", ids.join(","));
  return `/o/${slug}/board/cards?${params}`;
}

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json" }, credentials: "same-origin", signal });
  if (!response.ok) throw new Error(`${url} → ${response.status}`);
  return (await response.json()) as T;
}

/** Board order: by ordering key (bytewise, as PostgreSQL's `collate "C"`), then id. */
export function compareCards(a: Pick<BoardCard, "position" | "id">, b: Pick<BoardCard, "position" | "id">) {
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Money as integer cents, so sums of decimal strings never drift. */
export function toCents(value: string | null | undefined): number {
  if (!value) return 0;
  const amount = Number(value);
  return Number.isFinite(amount) ? Math.round(amount * 100) : 0;
}

export function fromCents(cents: number): string {
  return (cents / 100).toFixed(2);
}
