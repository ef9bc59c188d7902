import { memo, useEffect, useRef } from "react";
import { useDroppable } from "@dnd-kit/core";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { SortableLeadCard } from "~/components/board/lead-card";
import { COLUMN_PREFIX } from "~/components/board/dnd";
import { QuickAdd } from "~/components/board/quick-add";
import type { CardNote, ColumnState } from "~/components/board/board-state";
import type { BoardCard, BoardPerson } from "~/lib/board-client";
import { cn } from "~/lib/cn";
import { useI18n } from "~/i18n/react";

interface Props {
  column: ColumnState;
  cards: Record<string, BoardCard>;
  notes: Record<string, CardNote>;
  locks: Record<string, BoardPerson>;
  /** The reader's own visits, lead id → when (see `BoardPageData.leadVisits`). */
  leadVisits: Record<string, string>;
  slug: string;
  currency: string;
  now: number;
  canMove: boolean;
  canCreate: boolean;
  filtered: boolean;
  loadingMore: boolean;
  loadFailed: boolean;
  onLoadMore: (stageId: string) => void;
  onCreated: (card: BoardCard) => void;
  onNoteDone: (leadId: string, key: number) => void;
}

function ColumnEmpty({ canCreate, filtered }: { canCreate: boolean; filtered: boolean }) {
  const { t } = useI18n();
  return (
    <div className="flex flex-col items-center gap-1 rounded-lg border border-dashed border-border/80 px-4 py-8 text-center">
      <p className="text-sm font-medium text-foreground/80">{filtered ? t("column.empty.filtered") : t("column.empty")}</p>
      <p className="text-xs text-muted-foreground">
        {filtered ? t("column.empty.filteredHint") : canCreate ? t("column.empty.canCreateHint") : t("column.empty.readOnlyHint")}
      </p>
    </div>
  );
}

/** One stage of the funnel: header with totals, quick add, the sortable list of cards and more as you scroll. */
export const BoardColumn = memo(function BoardColumn({
  column,
  cards,
  notes,
  locks,
  leadVisits,
  slug,
  currency,
  now,
  canMove,
  canCreate,
  filtered,
  loadingMore,
  loadFailed,
  onLoadMore,
  onCreated,
  onNoteDone,
}: Props) {
  const { setNodeRef, isOver } = useDroppable({
    id: `${COLUMN_PREFIX}${column.id}`,
    disabled: !canMove,
  });
  const i18n = useI18n();
  const { t } = i18n;
  const scrollRef = useRef<HTMLDivElement>(null);
  const sentinelRef = useRef<HTMLDivElement>(null);
  const hasMore = column.nextCursor !== null;

  useEffect(() => {
    const root = scrollRef.current;
    const sentinel = sentinelRef.current;
    if (!hasMore || loadingMore || loadFailed || !root || !sentinel) return;
    // Observing again after every page re-checks a sentinel that is still in view.
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) onLoadMore(column.id);
      },
      { root, rootMargin: "0px 0px 400px 0px" },
    );
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [hasMore, loadingMore, loadFailed, column.id, column.ids.length, onLoadMore]);

  const headingId = `stage-${column.id}`;
  return (
    <li
      ref={setNodeRef}
      aria-label={column.name}
      data-stage-id={column.id}
      className={cn(
        "relative flex h-full w-[calc(100vw-3rem)] max-w-[20rem] shrink-0 snap-center flex-col overflow-hidden rounded-xl border border-transparent bg-muted/70 transition-colors sm:w-72 sm:snap-start",
        isOver && "border-primary/30 bg-accent/60",
      )}
    >
      <div className="px-3 pb-2 pt-3">
        <div className="flex items-center gap-2">
          <span aria-hidden className="size-2.5 shrink-0 rounded-full ring-2 ring-background" style={{ backgroundColor: column.color }} />
          <h2 id={headingId} className="min-w-0 truncate text-sm font-semibold">
            {column.name}
          </h2>
          <span className="rounded-full bg-background px-2 py-0.5 text-xs font-semibold tabular-nums text-muted-foreground" data-testid="stage-count">
            <span aria-hidden>{column.count}</span>
            <span className="sr-only">{t("board.leadCount", { count: column.count })}</span>
          </span>
          <span className="ml-auto text-xs font-semibold tabular-nums text-foreground/80" data-testid="stage-total" title={t("column.totalTitle")}>
            {i18n.money(column.totalValue, currency)}
          </span>
        </div>
        <div aria-hidden className="mt-2.5 h-1 overflow-hidden rounded-full bg-background/80">
          <div className="h-full w-full rounded-full opacity-80" style={{ backgroundColor: column.color }} />
        </div>
      </div>
      {canCreate ? (
        <div className="px-2">
          <QuickAdd slug={slug} stageId={column.id} stageName={column.name} currency={currency} onCreated={onCreated} />
        </div>
      ) : null}
      <div ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto overscroll-contain px-2 pb-3 [scrollbar-width:thin]">
        <SortableContext id={column.id} items={column.ids} strategy={verticalListSortingStrategy}>
          <ol aria-labelledby={headingId} className="flex flex-col gap-2.5 pt-2.5">
            {column.ids.map((id) => {
              const card = cards[id];
              if (!card) return null;
              return (
                <li key={id}>
                  <SortableLeadCard
                    card={card}
                    slug={slug}
                    currency={currency}
                    now={now}
                    canMove={canMove}
                    visitedAt={leadVisits[id]}
                    lockedBy={locks[id] ?? null}
                    note={notes[id]}
                    onNoteDone={onNoteDone}
                  />
                </li>
              );
            })}
          </ol>
        </SortableContext>
        {column.ids.length === 0 && !hasMore ? <ColumnEmpty canCreate={canCreate} filtered={filtered} /> : null}
        <div ref={sentinelRef} aria-hidden className="h-px" />
        {hasMore ? (
          <div className="flex justify-center py-2">
            {loadFailed ? (
              <button
                type="button"
                onClick={() => onLoadMore(column.id)}
                className="rounded-md px-3 py-2 text-xs font-medium text-primary hover:bg-background"
              >
                {t("column.loadFailed")}
              </button>
            ) : (
              <span className="flex items-center gap-2 text-xs text-muted-foreground" role="status">
                <span className="size-3 animate-spin rounded-full border-2 border-muted-foreground/30 border-t-muted-foreground" aria-hidden />
                {t("column.loadingMore")}
              </span>
            )}
          </div>
        ) : null}
      </div>
    </li>
  );
});
