import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from "react";
import { useLoaderData, useLocation, useRevalidator } from "@remix-run/react";
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MeasuringStrategy,
  MouseSensor,
  TouchSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import { arrayMove } from "@dnd-kit/sortable";
import type { loader } from "~/routes/o.$slug.board";
import { BoardColumn } from "~/components/board/board-column";
import { BoardFilters } from "~/components/board/board-filters";
import { IconSprite } from "~/components/board/icons";
import { LeadCardView } from "~/components/board/lead-card";
import { boardReducer, columnOf, initBoard, type BoardState } from "~/components/board/board-state";
import { ConnectionBadge, PresenceAvatars } from "~/components/board/board-status";
import { CardRefresher } from "~/components/board/card-refresher";
import {
  boardAnnouncements,
  boardCollisions,
  boardKeyboardCoordinates,
  columnIdOf,
  COLUMN_PREFIX,
  screenReaderInstructions,
} from "~/components/board/dnd";
import { captureCards, playFlip, type CardSnapshot } from "~/components/board/flip";
import { MoveRequest, type PendingMove } from "~/components/board/move-request";
import { toast } from "~/components/ui/toast";
import { useEventStream, type StreamEvent } from "~/hooks/use-event-stream";
import { useNow } from "~/hooks/use-now";
import { usePresence } from "~/hooks/use-presence";
import {
  activeFilterCount,
  cardsUrl,
  columnUrl,
  fromCents,
  getJson,
  toCents,
  type BoardCard,
  type CardsRefresh,
  type ColumnPage,
  type MoveResult,
} from "~/lib/board-client";
import { cn } from "~/lib/cn";
import { useI18n } from "~/i18n/react";
import { can } from "~/lib/permissions";

const useIsomorphicLayoutEffect = typeof window === "undefined" ? useEffect : useLayoutEffect;
/** Live events remembered to re-apply on top of a loader snapshot that may predate them. */
const RECENT_EVENTS = 500;

const LEAD_NOTES = { "lead.moved": "board.note.moved", "lead.created": "board.note.created", "lead.updated": "board.note.updated" } as const;

function firstName(name: string) {
  return name.trim().split(/\s+/)[0] ?? name;
}

interface DragSession {
  leadId: string;
  fromStageId: string;
  fromIndex: number;
  version: number;
  snapshot: { id: string; ids: string[] }[];
}

/** Cancels a drag in progress: every dnd-kit sensor treats Escape as cancel. */
function cancelActiveDrag() {
  document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", code: "Escape", bubbles: true }));
}

/**
 * The live pipeline board: the loader's snapshot, kept true by the
 * organization's event stream (one card at a time, never a full reload),
 * with optimistic drag and drop that the server confirms or refuses.
 */
export function Board() {
  const data = useLoaderData<typeof loader>();
  const { organization, role, me, members, facets } = data;
  const slug = organization.slug;
  const canMove = can(role, "lead:move");
  const canCreate = can(role, "lead:create");
  const now = useNow(data.now);
  const location = useLocation();
  const revalidator = useRevalidator();
  const i18n = useI18n();
  const { t } = i18n;

  const [state, dispatch] = useReducer(boardReducer, data, initBoard);
  // A new loader answer (filters changed, a revalidation) replaces the snapshot.
  if (state.source !== data) dispatch({ type: "reset", data });
  const stateRef = useRef<BoardState>(state);
  stateRef.current = state;
  const searchRef = useRef(new URLSearchParams(location.search));
  searchRef.current = new URLSearchParams(location.search);
  const filtered = activeFilterCount(searchRef.current) > 0;

  /* ----------------------------- live changes ----------------------------- */

  const flip = useRef<{ snapshots: Map<string, CardSnapshot>; appeared: string[] } | null>(null);
  /** Remembers where cards are before a change is dispatched; several changes may land in one render. */
  const queueFlip = useCallback((leadIds: string[], appeared: string[] = []) => {
    const snapshots = captureCards(leadIds.filter((id) => !flip.current?.snapshots.has(id)));
    flip.current = {
      snapshots: new Map([...(flip.current?.snapshots ?? []), ...snapshots]),
      appeared: [...(flip.current?.appeared ?? []), ...appeared],
    };
  }, []);
  useIsomorphicLayoutEffect(() => {
    if (!flip.current) return;
    playFlip(flip.current.snapshots, flip.current.appeared);
    flip.current = null;
  }, [state]);

  const drag = useRef<DragSession | null>(null);
  const revalidateAfterDrag = useRef(false);
  const revalidate = useCallback(() => {
    if (drag.current) revalidateAfterDrag.current = true;
    else revalidator.revalidate();
  }, [revalidator]);

  const refresher = useMemo(() => {
    let asked = "";
    return new CardRefresher({
      fetch: (ids) => {
        asked = searchRef.current.toString();
        return getJson<CardsRefresh>(cardsUrl(slug, ids, searchRef.current));
      },
      apply: (refresh, notes) => {
        // Asked with other filters than the board shows now: ask again.
        if (asked !== searchRef.current.toString()) return false;
        const before = stateRef.current;
        const ids = Object.keys(refresh.cards);
        queueFlip(
          ids.filter((id) => before.cards[id]),
          ids.filter((id) => refresh.cards[id] && !before.cards[id]),
        );
        dispatch({ type: "server", cards: refresh.cards, stages: refresh.stages, notes: Object.fromEntries(notes) });
        return true;
      },
    });
  }, [slug, queueFlip]);
  useEffect(() => () => refresher.dispose(), [refresher]);

  const recent = useRef<{ id: number; leadId: string }[]>([]);
  useEffect(() => {
    // The snapshot may predate events this page already applied: apply them again on top of it.
    recent.current = recent.current.filter((event) => event.id > data.lastEventId);
    for (const event of recent.current) refresher.request(event.leadId);
  }, [data, refresher]);

  const presence = usePresence(slug, me);
  const applyPresence = presence.apply;

  const onEvent = useCallback(
    (event: StreamEvent) => {
      if (event.type === "presence") {
        applyPresence(event.data);
        return;
      }
      if (event.type === "resync" || event.type.startsWith("stage.") || event.type === "member.removed") {
        revalidate();
        return;
      }
      if (!event.type.startsWith("lead.")) return;
      const leadId = typeof event.data.leadId === "string" ? event.data.leadId : null;
      if (!leadId) return;
      if (event.id !== null) {
        recent.current.push({ id: event.id, leadId });
        if (recent.current.length > RECENT_EVENTS) recent.current.shift();
      }
      const actor = event.data.actor as { id?: string; name?: string } | null | undefined;
      const version = typeof event.data.version === "number" ? event.data.version : null;
      const known = stateRef.current.cards[leadId];
      // Already showing this version or a newer one (our own move's echo, a replayed event). A creation is
      // always checked: the card added from the quick add's answer may not match the board's filters.
      if (known && version !== null && version <= known.version && (event.type === "lead.moved" || event.type === "lead.updated")) return;
      const byTeammate = actor?.id && actor.id !== me.id && actor.name;
      const noteKey = LEAD_NOTES[event.type as keyof typeof LEAD_NOTES];
      const note = byTeammate && noteKey ? t(noteKey, { name: firstName(actor.name!) }) : undefined;
      const toStageId = typeof event.data.toStageId === "string" ? event.data.toStageId : null;
      if (event.type === "lead.moved" && known && toStageId && version !== null && !drag.current) {
        const afterLeadId = typeof event.data.afterLeadId === "string" ? event.data.afterLeadId : null;
        const move = { type: "remote-move", leadId, toStageId, afterLeadId, version, note } as const;
        if (boardReducer(stateRef.current, move) !== stateRef.current) {
          queueFlip([leadId]);
          dispatch(move);
          refresher.request(leadId);
          return;
        }
      }
      refresher.request(leadId, note);
    },
    [applyPresence, revalidate, refresher, queueFlip, me.id, t],
  );

  // A stream the server refuses (signed out, removed from the organization) closes for good: the loader says why.
  const status = useEventStream(`/o/${slug}/events`, data.lastEventId, onEvent, revalidate);

  /* ---------------------------- infinite scroll ---------------------------- */

  const [loading, setLoading] = useState<Record<string, "loading" | "failed">>({});
  const loadingRef = useRef(new Set<string>());
  const loadMore = useCallback(
    async (stageId: string) => {
      const source = stateRef.current.source;
      const column = stateRef.current.columns.find((c) => c.id === stageId);
      if (!column?.nextCursor || loadingRef.current.has(stageId)) return;
      loadingRef.current.add(stageId);
      setLoading((current) => ({ ...current, [stageId]: "loading" }));
      let failed = false;
      try {
        const page = await getJson<ColumnPage>(columnUrl(slug, stageId, column.nextCursor, searchRef.current));
        if (stateRef.current.source === source) dispatch({ type: "page", stageId, leads: page.leads, nextCursor: page.nextCursor });
      } catch {
        failed = true;
      } finally {
        loadingRef.current.delete(stageId);
        setLoading((current) => {
          const next = { ...current };
          if (failed) next[stageId] = "failed";
          else delete next[stageId];
          return next;
        });
      }
    },
    [slug],
  );

  /* ------------------------------ drag and drop ----------------------------- */

  const [activeId, setActiveId] = useState<string | null>(null);
  const [moves, setMoves] = useState<PendingMove[]>([]);
  const moveCounter = useRef(0);
  const lastOver = useRef<UniqueIdentifier | null>(null);
  const movedColumn = useRef(false);
  useEffect(() => {
    requestAnimationFrame(() => {
      movedColumn.current = false;
    });
  }, [state.columns]);

  const getState = useCallback(() => stateRef.current, []);
  const collisionDetection = useMemo(() => boardCollisions(getState, lastOver, movedColumn), [getState]);
  const keyboardCoordinates = useMemo(() => boardKeyboardCoordinates(getState), [getState]);
  const accessibility = useMemo(
    () => ({
      announcements: boardAnnouncements(getState, () => drag.current?.fromStageId ?? null, t),
      screenReaderInstructions: screenReaderInstructions(t),
    }),
    [getState, t],
  );
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    // A short press before a touch drag starts, so a swipe still scrolls the board.
    useSensor(TouchSensor, { activationConstraint: { delay: 220, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: keyboardCoordinates }),
  );

  const finishDrag = useCallback(() => {
    drag.current = null;
    setActiveId(null);
    presence.release();
    refresher.resume();
    if (revalidateAfterDrag.current) {
      revalidateAfterDrag.current = false;
      revalidator.revalidate();
    }
  }, [presence, refresher, revalidator]);

  const onDragStart = useCallback(
    ({ active }: DragStartEvent) => {
      const leadId = String(active.id);
      const current = stateRef.current;
      const column = columnOf(current, leadId);
      const card = current.cards[leadId];
      if (!column || !card) return;
      drag.current = {
        leadId,
        fromStageId: column.id,
        fromIndex: column.ids.indexOf(leadId),
        version: card.version,
        snapshot: current.columns.map((c) => ({ id: c.id, ids: c.ids })),
      };
      lastOver.current = null;
      setActiveId(leadId);
      refresher.pause();
      presence.claim(leadId, (message) => {
        if (drag.current?.leadId !== leadId) return;
        cancelActiveDrag();
        toast({ title: t("board.leadInUse"), description: message ?? t("presence.lockedFallback") });
      });
    },
    [presence, refresher, t],
  );

  const onDragOver = useCallback(({ active, over }: DragOverEvent) => {
    if (!over) return;
    const current = stateRef.current;
    const leadId = String(active.id);
    const from = columnIdOf(current, leadId);
    const to = columnIdOf(current, over.id);
    if (!from || !to || from === to) return;
    const target = current.columns.find((c) => c.id === to);
    if (!target) return;
    let index = target.ids.length;
    if (!String(over.id).startsWith(COLUMN_PREFIX)) {
      const overIndex = target.ids.indexOf(String(over.id));
      const moving = active.rect.current.translated;
      const below = !!moving && moving.top + moving.height / 2 > over.rect.top + over.rect.height / 2;
      index = overIndex === -1 ? target.ids.length : overIndex + (below ? 1 : 0);
    }
    movedColumn.current = true;
    dispatch({ type: "drag-over", leadId, toStageId: to, index });
  }, []);

  const onDragEnd = useCallback(
    ({ active, over }: DragEndEvent) => {
      const session = drag.current;
      const leadId = String(active.id);
      const current = stateRef.current;
      const stageId = columnIdOf(current, leadId);
      const column = current.columns.find((c) => c.id === stageId);
      if (!session || !over || !column) {
        if (session) dispatch({ type: "drag-restore", columns: session.snapshot });
        finishDrag();
        return;
      }
      let ids = column.ids;
      const overId = String(over.id);
      if (overId !== leadId && ids.includes(overId)) ids = arrayMove(ids, ids.indexOf(leadId), ids.indexOf(overId));
      const index = ids.indexOf(leadId);
      if (column.id === session.fromStageId && index === session.fromIndex) {
        dispatch({ type: "drag-restore", columns: session.snapshot });
        finishDrag();
        return;
      }
      dispatch({ type: "drag-over", leadId, toStageId: column.id, index });
      dispatch({ type: "move-start", leadId, fromStageId: session.fromStageId, toStageId: column.id, baseVersion: session.version });
      const move: PendingMove = {
        requestId: ++moveCounter.current,
        leadId,
        fromStageId: session.fromStageId,
        toStageId: column.id,
        afterLeadId: index > 0 ? ids[index - 1] : null,
        version: session.version,
      };
      setMoves((pending) => [...pending, move]);
      finishDrag();
    },
    [finishDrag],
  );

  const onDragCancel = useCallback(() => {
    if (drag.current) dispatch({ type: "drag-restore", columns: drag.current.snapshot });
    finishDrag();
  }, [finishDrag]);

  const onMoveSettled = useCallback(
    (move: PendingMove, result: MoveResult | null) => {
      setMoves((pending) => pending.filter((m) => m.requestId !== move.requestId));
      if (result?.ok) {
        dispatch({ type: "move-confirmed", card: result.card });
        return;
      }
      queueFlip([move.leadId]);
      const truth = result && result.error === "stale" ? (result.card ?? null) : null;
      dispatch({ type: "move-refused", leadId: move.leadId, fromStageId: move.fromStageId, toStageId: move.toStageId, truth });
      // The refusal carries the card, not the columns' totals: fetch those (and the card as the filters see it).
      refresher.request(move.leadId);
      if (truth) {
        toast({ title: t("board.staleMove.title"), description: result?.message ?? t("board.staleMove.fallback") });
      } else {
        toast({
          variant: "destructive",
          title: t("board.moveFailed.title"),
          description: result?.message ?? t("board.moveFailed.noAnswer"),
        });
      }
    },
    [refresher, queueFlip, t],
  );

  /* ------------------------------- rendering ------------------------------- */

  const onCreated = useCallback(
    (card: BoardCard) => {
      queueFlip([], [card.id]);
      dispatch({ type: "created", card });
    },
    [queueFlip],
  );
  const onNoteDone = useCallback((leadId: string, key: number) => dispatch({ type: "note-done", leadId, key }), []);

  const totals = state.columns.reduce(
    (sum, column) => ({ count: sum.count + column.count, cents: sum.cents + toCents(column.totalValue) }),
    { count: 0, cents: 0 },
  );
  const activeCard = activeId ? state.cards[activeId] : null;

  return (
    <main className="flex h-[calc(100dvh-3.5rem)] min-h-0 flex-col">
      <IconSprite />
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b bg-background px-3 py-2 sm:px-4">
        <div className="hidden shrink-0 2xl:block">
          <h1 className="text-base font-semibold leading-tight">{t("board.title")}</h1>
          <p className="text-xs tabular-nums text-muted-foreground" data-testid="board-summary">
            {t("board.leadCount", { count: totals.count })} · {i18n.money(fromCents(totals.cents), organization.currency)}
          </p>
        </div>
        <h1 className="sr-only 2xl:hidden">{t("board.title")}</h1>
        <BoardFilters slug={slug} currency={organization.currency} members={members} facets={facets} />
        <div className="ml-auto flex items-center gap-2">
          <PresenceAvatars people={presence.teammates} />
          <ConnectionBadge status={status} />
        </div>
      </div>
      {totals.count === 0 && !filtered ? (
        <div className="mx-3 mt-3 rounded-xl border border-dashed bg-muted/30 px-4 py-3 text-sm sm:mx-4">
          <p className="font-medium">{t("board.empty.title")}</p>
          <p className="text-muted-foreground">{canCreate ? t("board.empty.canCreate") : t("board.empty.readOnly")}</p>
        </div>
      ) : null}
      <DndContext
        sensors={sensors}
        collisionDetection={collisionDetection}
        measuring={{ droppable: { strategy: MeasuringStrategy.Always } }}
        accessibility={accessibility}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={onDragCancel}
      >
        <div
          role="list"
          aria-label={t("board.stages")}
          className={cn(
            "relative flex min-h-0 flex-1 gap-3 overflow-x-auto overscroll-x-contain px-3 py-3 sm:px-4",
            activeId ? "snap-none" : "snap-x snap-mandatory sm:snap-proximity",
          )}
        >
          {state.columns.map((column) => (
            <BoardColumn
              key={column.id}
              column={column}
              cards={state.cards}
              notes={state.notes}
              locks={presence.locks}
              slug={slug}
              currency={organization.currency}
              now={now}
              canMove={canMove}
              canCreate={canCreate}
              filtered={filtered}
              loadingMore={loading[column.id] === "loading"}
              loadFailed={loading[column.id] === "failed"}
              onLoadMore={loadMore}
              onCreated={onCreated}
              onNoteDone={onNoteDone}
            />
          ))}
          {state.columns.length === 0 ? (
            <p className="m-auto max-w-sm text-center text-sm text-muted-foreground">
              {t("board.noStages")} {can(role, "pipeline:manage") ? t("board.noStages.admin") : t("board.noStages.member")}
            </p>
          ) : null}
        </div>
        <DragOverlay dropAnimation={{ duration: 180, easing: "cubic-bezier(0.2, 0.8, 0.2, 1)" }}>
          {activeCard ? (
            <LeadCardView card={activeCard} slug={slug} currency={organization.currency} now={now} canMove overlay />
          ) : null}
        </DragOverlay>
      </DndContext>
      {moves.map((move) => (
        <MoveRequest key={move.requestId} slug={slug} move={move} onSettled={onMoveSettled} />
      ))}
    </main>
  );
}
