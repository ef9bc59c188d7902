/**
 * What the board shows, as a pure reducer: the loader's snapshot, then every
 * change the browser learns about (pages scrolled in, local drags, server
 * answers, live events) applied on top of it without reloading anything.
 */
import { liveToastOf, type LiveToast } from "~/modules/realtime/live-toast";
import {
  compareCards,
  fromCents,
  toCents,
  type BoardCard,
  type BoardData,
  type StageTotals,
} from "~/lib/board-client";
import { cardMatchesFilters } from "~/lib/board-filter-match";
import type { MessageKey } from "~/i18n/catalogue";
import { isConversationUpdate, type CommittedEvent, type PresenceSnapshot, type StreamMessage } from "~/modules/realtime/events";

export interface ColumnState {
  id: string;
  name: string;
  color: string;
  count: number;
  totalValue: string;
  /** Loaded cards, in board order. */
  ids: string[];
  nextCursor: string | null;
}

export interface CardNote {
  /** Changes each time, so a repeated note restarts its animation. */
  key: number;
  text: string;
}

export interface BoardState {
  source: BoardData;
  columns: ColumnState[];
  cards: Record<string, BoardCard>;
  notes: Record<string, CardNote>;
  /**
   * Cards with a move on its way to the server, by the version the move was
   * based on: answers about older versions must not undo the optimistic move.
   */
  pending: Record<string, number>;
}

type RemoteMove = { type: "remote-move"; leadId: string; toStageId: string; afterLeadId: string | null; position: string; version: number; note?: string };
/** A teammate moved a card this board did not hold, and the event carried it: placed where its key says, totals shifted. */
type RemoteArrival = { type: "remote-arrival"; card: BoardCard; fromStageId: string; note?: string };

type BoardAction =
  | { type: "reset"; data: BoardData }
  | { type: "page"; stageId: string; leads: BoardCard[]; nextCursor: string | null }
  | { type: "drag-over"; leadId: string; toStageId: string; index: number }
  | { type: "drag-restore"; columns: Pick<ColumnState, "id" | "ids">[] }
  | { type: "move-start"; leadId: string; fromStageId: string; toStageId: string; baseVersion: number }
  | { type: "move-confirmed"; card: BoardCard }
  | { type: "move-refused"; leadId: string; fromStageId: string; toStageId: string; truth: BoardCard | null }
  | { type: "server"; cards: Record<string, BoardCard | null>; stages: StageTotals[]; notes?: Record<string, string> }
  | RemoteMove
  | RemoteArrival
  | { type: "created"; card: BoardCard }
  | { type: "note-done"; leadId: string; key: number };

let noteKey = 0;

export function initBoard(data: BoardData): BoardState {
  const cards: Record<string, BoardCard> = {};
  const columns = data.stages.map((stage) => {
    for (const lead of stage.leads) cards[lead.id] = lead;
    return {
      id: stage.id,
      name: stage.name,
      color: stage.color,
      count: stage.count,
      totalValue: stage.totalValue,
      ids: stage.leads.map((lead) => lead.id),
      nextCursor: stage.nextCursor,
    };
  });
  return { source: data, columns, cards, notes: {}, pending: {} };
}

export function columnOf(state: Pick<BoardState, "columns">, leadId: string): ColumnState | undefined {
  return state.columns.find((column) => column.ids.includes(leadId));
}

function withoutId(columns: ColumnState[], leadId: string): ColumnState[] {
  return columns.map((column) => (column.ids.includes(leadId) ? { ...column, ids: column.ids.filter((id) => id !== leadId) } : column));
}

/**
 * Puts a card where its ordering key says. A card sorting after the last
 * loaded card of a column that has more pages belongs to a page not loaded
 * yet: it is left out and arrives when that page is scrolled in.
 */
function place(state: BoardState, card: BoardCard): BoardState {
  let columns = withoutId(state.columns, card.id);
  const cards = { ...state.cards };
  const target = columns.find((column) => column.id === card.stageId);
  if (!target) {
    delete cards[card.id];
    return { ...state, columns, cards };
  }
  let index = target.ids.findIndex((id) => cards[id] && compareCards(card, cards[id]) < 0);
  if (index === -1) {
    if (target.nextCursor !== null) {
      delete cards[card.id];
      return { ...state, columns, cards };
    }
    index = target.ids.length;
  }
  cards[card.id] = card;
  columns = columns.map((column) =>
    column === target ? { ...column, ids: [...column.ids.slice(0, index), card.id, ...column.ids.slice(index)] } : column,
  );
  return { ...state, columns, cards };
}

function remove(state: BoardState, leadId: string): BoardState {
  const cards = { ...state.cards };
  delete cards[leadId];
  const notes = { ...state.notes };
  delete notes[leadId];
  return { ...state, columns: withoutId(state.columns, leadId), cards, notes };
}

/** Moves one card's value and count from one column total to another (a move seen before the server's totals). */
function shiftTotals(columns: ColumnState[], card: BoardCard | undefined, fromStageId: string, toStageId: string) {
  if (fromStageId === toStageId) return columns;
  const cents = toCents(card?.estimatedValue);
  return columns.map((column) => {
    if (column.id === fromStageId) {
      return { ...column, count: Math.max(0, column.count - 1), totalValue: fromCents(Math.max(0, toCents(column.totalValue) - cents)) };
    }
    if (column.id === toStageId) {
      return { ...column, count: column.count + 1, totalValue: fromCents(toCents(column.totalValue) + cents) };
    }
    return column;
  });
}

function withoutPending(state: BoardState, leadId: string) {
  const pending = { ...state.pending };
  delete pending[leadId];
  return pending;
}

export function boardReducer(state: BoardState, action: BoardAction): BoardState {
  switch (action.type) {
    case "reset":
      return initBoard(action.data);

    case "page": {
      const cards = { ...state.cards };
      const known = new Set(state.columns.flatMap((column) => column.ids));
      const fresh = action.leads.filter((lead) => !known.has(lead.id) && lead.stageId === action.stageId);
      for (const lead of fresh) cards[lead.id] = lead;
      return {
        ...state,
        cards,
        columns: state.columns.map((column) =>
          column.id === action.stageId
            ? { ...column, ids: [...column.ids, ...fresh.map((lead) => lead.id)], nextCursor: action.nextCursor }
            : column,
        ),
      };
    }

    case "drag-over": {
      const columns = withoutId(state.columns, action.leadId).map((column) => {
        if (column.id !== action.toStageId) return column;
        const index = Math.max(0, Math.min(action.index, column.ids.length));
        return { ...column, ids: [...column.ids.slice(0, index), action.leadId, ...column.ids.slice(index)] };
      });
      return { ...state, columns };
    }

    case "drag-restore": {
      const byId = new Map(action.columns.map((column) => [column.id, column.ids]));
      return {
        ...state,
        columns: state.columns.map((column) => {
          const ids = byId.get(column.id);
          return ids ? { ...column, ids: ids.filter((id) => state.cards[id]) } : column;
        }),
      };
    }

    case "move-start": {
      const card = state.cards[action.leadId];
      if (!card) return state;
      return {
        ...state,
        columns: shiftTotals(state.columns, card, action.fromStageId, action.toStageId),
        cards: { ...state.cards, [card.id]: { ...card, stageId: action.toStageId } },
        pending: { ...state.pending, [card.id]: action.baseVersion },
      };
    }

    case "move-confirmed": {
      const current = state.cards[action.card.id];
      const pending = withoutPending(state, action.card.id);
      if (current && current.version > action.card.version) return { ...state, pending };
      // The card already sits where the user dropped it; only its data changes.
      if (current && columnOf(state, action.card.id)?.id === action.card.stageId) {
        return { ...state, pending, cards: { ...state.cards, [action.card.id]: action.card } };
      }
      return place({ ...state, pending }, action.card);
    }

    case "move-refused": {
      const pending = withoutPending(state, action.leadId);
      const card = state.cards[action.leadId];
      const columns = shiftTotals(state.columns, card, action.toStageId, action.fromStageId);
      const next = { ...state, pending, columns };
      if (action.truth) return place(next, action.truth);
      if (!card) return next;
      return place(next, { ...card, stageId: action.fromStageId });
    }

    case "server": {
      let next: BoardState = state;
      const notes = { ...state.notes };
      for (const [leadId, card] of Object.entries(action.cards)) {
        const base = next.pending[leadId];
        if (card === null) {
          if (base === undefined) next = remove(next, leadId);
          continue;
        }
        if (base !== undefined && card.version <= base) continue;
        const current = next.cards[leadId];
        if (current && current.version > card.version) continue;
        next = place(next, card);
        const note = action.notes?.[leadId];
        if (note && next.cards[leadId]) notes[leadId] = { key: ++noteKey, text: note };
      }
      const totals = new Map(action.stages.map((stage) => [stage.id, stage]));
      return {
        ...next,
        notes,
        columns: next.columns.map((column) => {
          const total = totals.get(column.id);
          return total ? { ...column, count: total.count, totalValue: total.totalValue } : column;
        }),
      };
    }

    case "remote-move": {
      // The event names the card's new column, neighbour and key; its value moves the totals.
      const card = state.cards[action.leadId];
      const from = columnOf(state, action.leadId);
      if (!card || !from || card.version >= action.version || state.pending[action.leadId] !== undefined) return state;
      const target = state.columns.find((column) => column.id === action.toStageId);
      if (!target) return state;
      const rest = target.ids.filter((id) => id !== action.leadId);
      const index = action.afterLeadId === null ? 0 : rest.indexOf(action.afterLeadId) + 1;
      if (index === 0 && action.afterLeadId !== null) return state;
      const columns = shiftTotals(state.columns, card, from.id, target.id).map((column) => {
        if (column.id === target.id) return { ...column, ids: [...rest.slice(0, index), card.id, ...rest.slice(index)] };
        if (column.id === from.id) return { ...column, ids: column.ids.filter((id) => id !== card.id) };
        return column;
      });
      const notes = action.note ? { ...state.notes, [card.id]: { key: ++noteKey, text: action.note } } : state.notes;
      return { ...state, columns, notes, cards: { ...state.cards, [card.id]: { ...card, stageId: target.id, position: action.position, version: action.version } } };
    }

    case "remote-arrival": {
      const { card } = action;
      if (state.cards[card.id] || state.pending[card.id] !== undefined) return state;
      // Counted in its old column's total although not loaded there; shown only if it sorts into what is loaded.
      const next = place({ ...state, columns: shiftTotals(state.columns, card, action.fromStageId, card.stageId) }, card);
      if (!action.note || !next.cards[card.id]) return next;
      return { ...next, notes: { ...next.notes, [card.id]: { key: ++noteKey, text: action.note } } };
    }

    case "created": {
      if (state.cards[action.card.id]) return state;
      const column = state.columns.find((c) => c.id === action.card.stageId);
      if (!column) return state;
      // A new lead goes to the top of its column; the live event brings the exact totals.
      return {
        ...state,
        cards: { ...state.cards, [action.card.id]: action.card },
        columns: state.columns.map((c) =>
          c === column
            ? {
                ...c,
                ids: [action.card.id, ...c.ids],
                count: c.count + 1,
                totalValue: fromCents(toCents(c.totalValue) + toCents(action.card.estimatedValue)),
              }
            : c,
        ),
      };
    }

    case "note-done": {
      if (state.notes[action.leadId]?.key !== action.key) return state;
      const notes = { ...state.notes };
      delete notes[action.leadId];
      return { ...state, notes };
    }
  }
}

/* ------------------------------ live events ------------------------------ */

/** Who the page belongs to and what it is doing, for reading a live event. */
export interface LiveContext {
  meId: string;
  /** A drag is under way: a teammate's move waits for the cards request instead of moving cards under the pointer. */
  dragging: boolean;
  /** The board's query string: its filters decide whether a card an event carries belongs on it. */
  filters: URLSearchParams;
  /** Whether the board is already asking the server for this card (its answer may predate the event). */
  asking(leadId: string): boolean;
  /** Words a note ("Ana moved it") in the reader's language. */
  note(key: Extract<MessageKey, `board.note.${string}`>, firstName: string): string;
}

/** What the board does about one stream message. */
export type LivePlan =
  | { kind: "presence"; snapshot: PresenceSnapshot }
  /** Nothing the board shows (a data-subject request's progress, for the privacy page). */
  | { kind: "ignore" }
  /** The columns or the people changed, or what was missed is gone: the loader reads the board again. */
  | { kind: "revalidate" }
  /** The board already shows this version of the card (our own move's echo, a replayed event). */
  | { kind: "seen"; leadId: string; eventId: number }
  /** The event says all there is: a teammate moved a card this board shows at the version before. */
  | { kind: "move"; leadId: string; eventId: number; move: RemoteMove }
  /** The event carried a card this board did not hold and its filters select: placed (or only counted) without a request. */
  | { kind: "arrival"; leadId: string; eventId: number; arrival: RemoteArrival }
  /** Ask for the card as the board's filters see it, after applying `move` at once when there is one. */
  | { kind: "refresh"; leadId: string; eventId: number; note?: string; move?: RemoteMove }
  /**
   * A timeline entry: the card changes through the `lead.updated` that comes
   * with it; `toast` when it is a new inbound message on the reader's own lead.
   */
  | { kind: "conversation"; leadId: string; toast: LiveToast | null };

type LeadEvent = Extract<CommittedEvent, { type: `lead.${string}` | "summary.created" }>;

function firstName(name: string) {
  return name.trim().split(/\s+/)[0] ?? name;
}

/** Says who changed the card, when it was a teammate. */
function teammateNote(event: LeadEvent, key: Parameters<LiveContext["note"]>[0], context: LiveContext) {
  const actor = event.data.actor;
  return actor && actor.id !== context.meId ? context.note(key, firstName(actor.name)) : undefined;
}

function refresh(event: LeadEvent, note?: string): Extract<LivePlan, { kind: "refresh" }> {
  return { kind: "refresh", leadId: event.data.leadId, eventId: event.id, note };
}

function alreadyShown(state: BoardState, data: { leadId: string; version: number }) {
  const known = state.cards[data.leadId];
  return !!known && data.version <= known.version;
}

/**
 * A teammate's move is shown at once from the event itself. When the board
 * held the card at the version just before, nothing else can have changed
 * (filters never look at the column), so nothing is fetched: with hundreds of
 * boards open, a request from each for every move is what would sink the
 * server. Otherwise the cards request brings the truth.
 */
function planMove(state: BoardState, event: Extract<CommittedEvent, { type: "lead.moved" }>, context: LiveContext): LivePlan {
  const note = teammateNote(event, "board.note.moved", context);
  if (context.dragging) return refresh(event, note);
  const { leadId, toStageId, afterLeadId, position, version, card } = event.data;
  if (card && !state.cards[leadId] && state.pending[leadId] === undefined) return planArrival(state, event, card, context, note);
  const move: RemoteMove = { type: "remote-move", leadId, toStageId, afterLeadId, position, version, note };
  if (boardReducer(state, move) === state) return refresh(event, note);
  if (state.cards[leadId]?.version === version - 1) return { kind: "move", leadId, eventId: event.id, move };
  return { ...refresh(event), move };
}

/**
 * A moved card the board did not hold, carried by the live event: its
 * filters decide from the card whether it belongs (a move never changes what
 * filters look at). When they cannot tell, a fully loaded old column that
 * lacks the card proves the filters never selected it.
 */
function planArrival(state: BoardState, event: Extract<CommittedEvent, { type: "lead.moved" }>, card: BoardCard, context: LiveContext, note?: string): LivePlan {
  const { fromStageId, search } = event.data;
  const seen: LivePlan = { kind: "seen", leadId: card.id, eventId: event.id };
  let selected = cardMatchesFilters(card, context.filters, context.meId, search);
  // The proof needs the column to be current: an answer on its way may still bring the card there.
  const fromLoaded = state.columns.find((column) => column.id === fromStageId)?.nextCursor === null;
  if (selected === null && fromLoaded && !context.asking(card.id)) selected = false;
  if (selected === null) return refresh(event, note);
  if (!selected) return seen;
  return { kind: "arrival", leadId: card.id, eventId: event.id, arrival: { type: "remote-arrival", card, fromStageId, note } };
}

function unhandled(message: never): never {
  throw new Error(`No board handler for stream message ${JSON.stringify(message)}`);
}

/**
 * Reads one stream message against what the board shows. Every message type
 * has its case: a new event type does not compile until the board says what
 * it does with it.
 */
export function planLiveEvent(state: BoardState, message: StreamMessage, context: LiveContext): LivePlan {
  switch (message.type) {
    case "presence":
      return { kind: "presence", snapshot: message.data };
    case "resync":
    case "stage.created":
    case "stage.updated":
    case "stage.reordered":
    case "stage.archived":
    case "member.removed":
      return { kind: "revalidate" };
    case "lead.created":
      // Always checked, even when known: the card added from the quick add's answer may not match the board's filters.
      return refresh(message, teammateNote(message, "board.note.created", context));
    case "lead.updated":
      // A conversation's trace (last contact, unread, window) keeps the version, so the version cannot tell it was shown.
      if (isConversationUpdate(message.data)) return refresh(message);
      if (alreadyShown(state, message.data)) return { kind: "seen", leadId: message.data.leadId, eventId: message.id };
      return refresh(message, teammateNote(message, "board.note.updated", context));
    case "lead.moved":
      if (alreadyShown(state, message.data)) return { kind: "seen", leadId: message.data.leadId, eventId: message.id };
      return planMove(state, message, context);
    case "lead.deleted":
      return refresh(message);
    case "message.created":
    case "call.created":
    case "call.updated":
    case "message.updated":
    case "note.created":
    case "note.updated":
    case "note.deleted":
      return { kind: "conversation", leadId: message.data.leadId, toast: liveToastOf(message, context.meId) };
    case "summary.created":
      // The card's sentiment dot and "new summary" marker come with the card; a failed attempt changes neither.
      if (message.data.status === "failed") return { kind: "seen", leadId: message.data.leadId, eventId: message.id };
      return refresh(message);
    case "privacy_request.updated":
      return { kind: "ignore" };
    default:
      return unhandled(message);
  }
}
