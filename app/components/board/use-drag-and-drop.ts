import { useCallback, useEffect, useMemo, useRef, useState, type MutableRefObject } from "react";
import { useRevalidator } from "@remix-run/react";
import {
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
import { columnOf, type ColumnState } from "~/components/board/board-state";
import type { CardRefresher } from "~/components/board/card-refresher";
import {
  boardAnnouncements,
  boardCollisions,
  boardKeyboardCoordinates,
  columnIdOf,
  COLUMN_PREFIX,
  screenReaderInstructions,
} from "~/components/board/dnd";
import type { PendingMove } from "~/components/board/move-request";
import type { BoardDispatch, BoardStateRef } from "~/components/board/use-board-state";
import { toast } from "~/components/ui/toast";
import type { usePresence } from "~/hooks/use-presence";
import { useI18n } from "~/i18n/react";

export interface DragSession {
  leadId: string;
  fromStageId: string;
  fromIndex: number;
  version: number;
  snapshot: { id: string; ids: string[] }[];
}

const MEASURING = { droppable: { strategy: MeasuringStrategy.Always } };

/** Cancels a drag in progress: every dnd-kit sensor treats Escape as cancel. */
function cancelActiveDrag() {
  document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", code: "Escape", bubbles: true }));
}

/** Reloading the board moves cards under a dragging pointer: while a drag lasts, a revalidation waits for the drop. */
export function useRevalidateAfterDrag(drag: MutableRefObject<DragSession | null>) {
  const revalidator = useRevalidator();
  const waiting = useRef(false);
  const revalidate = useCallback(() => {
    if (drag.current) waiting.current = true;
    else revalidator.revalidate();
  }, [drag, revalidator]);
  const dropped = useCallback(() => {
    if (!waiting.current) return;
    waiting.current = false;
    revalidator.revalidate();
  }, [revalidator]);
  return { revalidate, dropped };
}

interface DragAndDropOptions {
  columns: ColumnState[];
  stateRef: BoardStateRef;
  dispatch: BoardDispatch;
  drag: MutableRefObject<DragSession | null>;
  presence: ReturnType<typeof usePresence>;
  refresher: CardRefresher;
  /** Called once the drag is over (dropped or cancelled). */
  onDragDone: () => void;
  sendMove: (move: Omit<PendingMove, "requestId">) => void;
}

/**
 * Optimistic drag and drop (mouse, touch, keyboard): the card follows the
 * pointer across columns, the drop shows at once and becomes a move request;
 * a cancelled drag puts every column back. The card is locked for teammates
 * while it is held, and live answers wait until it is dropped.
 */
export function useDragAndDrop({ columns, stateRef, dispatch, drag, presence, refresher, onDragDone, sendMove }: DragAndDropOptions) {
  const { t } = useI18n();
  const [activeId, setActiveId] = useState<string | null>(null);
  const lastOver = useRef<UniqueIdentifier | null>(null);
  const movedColumn = useRef(false);
  useEffect(() => {
    requestAnimationFrame(() => {
      movedColumn.current = false;
    });
  }, [columns]);

  const getState = useCallback(() => stateRef.current, [stateRef]);
  const collisionDetection = useMemo(() => boardCollisions(getState, lastOver, movedColumn), [getState]);
  const keyboardCoordinates = useMemo(() => boardKeyboardCoordinates(getState), [getState]);
  const accessibility = useMemo(
    () => ({
      announcements: boardAnnouncements(getState, () => drag.current?.fromStageId ?? null, t),
      screenReaderInstructions: screenReaderInstructions(t),
    }),
    [getState, drag, t],
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
    onDragDone();
  }, [drag, presence, refresher, onDragDone]);

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
    [stateRef, drag, presence, refresher, t],
  );

  const onDragOver = useCallback(
    ({ active, over }: DragOverEvent) => {
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
    },
    [stateRef, dispatch],
  );

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
      // Dropped below the loaded part of a column, the card still follows the last card loaded there.
      sendMove({
        leadId,
        fromStageId: session.fromStageId,
        toStageId: column.id,
        afterLeadId: index > 0 ? ids[index - 1] : null,
        version: session.version,
      });
      finishDrag();
    },
    [stateRef, dispatch, drag, finishDrag, sendMove],
  );

  const onDragCancel = useCallback(() => {
    if (drag.current) dispatch({ type: "drag-restore", columns: drag.current.snapshot });
    finishDrag();
  }, [drag, dispatch, finishDrag]);

  return {
    activeId,
    context: { sensors, collisionDetection, accessibility, measuring: MEASURING, onDragStart, onDragOver, onDragEnd, onDragCancel },
  };
}
