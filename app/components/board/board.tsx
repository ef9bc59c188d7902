import { useCallback, useRef } from "react";
import { useLoaderData, useLocation } from "@remix-run/react";
import { DndContext, DragOverlay } from "@dnd-kit/core";
import { BoardColumn } from "~/components/board/board-column";
import { BoardFilters } from "~/components/board/board-filters";
import { CardMenu } from "~/components/board/card-menu";
import { IconSprite } from "~/components/board/icons";
import { LeadCardView } from "~/components/board/lead-card";
import { ConnectionBadge, PresenceAvatars } from "~/components/board/board-status";
import { MoveRequest } from "~/components/board/move-request";
import { useBoardState } from "~/components/board/use-board-state";
import { useColumnPaging } from "~/components/board/use-column-paging";
import { useDragAndDrop, useRevalidateAfterDrag, type DragSession } from "~/components/board/use-drag-and-drop";
import { useFlip } from "~/components/board/use-flip";
import { useLiveBoard } from "~/components/board/use-live-board";
import { useMoveRequests } from "~/components/board/use-move-requests";
import { useNow } from "~/hooks/use-now";
import { activeFilterCount, fromCents, toCents, type BoardCard, type BoardPageData } from "~/lib/board-client";
import { cn } from "~/lib/cn";
import { useI18n } from "~/i18n/react";
import { can } from "~/lib/permissions";

/**
 * The live pipeline board: the loader's snapshot, kept true by the
 * organization's event stream (one card at a time, never a full reload),
 * with optimistic drag and drop that the server confirms or refuses.
 */
export function Board() {
  const data = useLoaderData<BoardPageData>();
  const { organization, role, members, facets } = data;
  const slug = organization.slug;
  const canMove = can(role, "lead:move");
  const canCreate = can(role, "lead:create");
  const now = useNow(data.now);
  const location = useLocation();
  const i18n = useI18n();
  const { t } = i18n;

  const { state, dispatch, stateRef } = useBoardState(data);
  const searchRef = useRef(new URLSearchParams(location.search));
  searchRef.current = new URLSearchParams(location.search);
  const filtered = activeFilterCount(searchRef.current) > 0;
  const queueFlip = useFlip(state);

  const drag = useRef<DragSession | null>(null);
  const { revalidate, dropped } = useRevalidateAfterDrag(drag);
  const { status, presence, refresher } = useLiveBoard({ data, stateRef, dispatch, queueFlip, search: searchRef, dragging: drag, revalidate });
  const { loading, loadMore } = useColumnPaging(slug, stateRef, dispatch, searchRef);
  const { moves, sendMove, onMoveSettled } = useMoveRequests(dispatch, queueFlip, refresher);
  const dnd = useDragAndDrop({ columns: state.columns, stateRef, dispatch, drag, presence, refresher, onDragDone: dropped, sendMove });

  const onCreated = useCallback(
    (card: BoardCard) => {
      queueFlip([], [card.id]);
      dispatch({ type: "created", card });
    },
    [queueFlip, dispatch],
  );
  const onNoteDone = useCallback((leadId: string, key: number) => dispatch({ type: "note-done", leadId, key }), [dispatch]);

  const totals = state.columns.reduce(
    (sum, column) => ({ count: sum.count + column.count, cents: sum.cents + toCents(column.totalValue) }),
    { count: 0, cents: 0 },
  );
  const activeCard = dnd.activeId ? state.cards[dnd.activeId] : null;

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
          <PresenceAvatars people={presence.teammates} total={presence.teammateCount} />
          <ConnectionBadge status={status} />
        </div>
      </div>
      {totals.count === 0 && !filtered ? (
        <div className="mx-3 mt-3 rounded-xl border border-dashed bg-muted/30 px-4 py-3 text-sm sm:mx-4">
          <p className="font-medium">{t("board.empty.title")}</p>
          <p className="text-muted-foreground">{canCreate ? t("board.empty.canCreate") : t("board.empty.readOnly")}</p>
        </div>
      ) : null}
      <DndContext {...dnd.context}>
        <div
          role="list"
          aria-label={t("board.stages")}
          className={cn(
            "relative flex min-h-0 flex-1 gap-3 overflow-x-auto overscroll-x-contain px-3 py-3 sm:px-4",
            dnd.activeId ? "snap-none" : "snap-x snap-mandatory sm:snap-proximity",
          )}
        >
          {state.columns.map((column) => (
            <BoardColumn
              key={column.id}
              column={column}
              cards={state.cards}
              notes={state.notes}
              locks={presence.locks}
              leadVisits={data.leadVisits}
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
            <LeadCardView card={activeCard} slug={slug} currency={organization.currency} now={now} visitedAt={data.leadVisits[activeCard.id]} canMove overlay />
          ) : null}
        </DragOverlay>
      </DndContext>
      <CardMenu slug={slug} canCall={can(role, "call:place")} />
      {moves.map((move) => (
        <MoveRequest key={move.requestId} slug={slug} move={move} onSettled={onMoveSettled} />
      ))}
    </main>
  );
}
