/**
 * dnd-kit plumbing for a board of columns: which droppable the dragged card
 * is over, where the arrow keys take it, and what a screen reader hears (in the reader's language).
 */
import {
  closestCenter,
  closestCorners,
  getFirstCollision,
  KeyboardCode,
  pointerWithin,
  rectIntersection,
  type Announcements,
  type CollisionDetection,
  type DroppableContainer,
  type KeyboardCoordinateGetter,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import type { Translate } from "~/i18n/translator";
import type { BoardState } from "~/components/board/board-state";
import { columnOf } from "~/components/board/board-state";

export const COLUMN_PREFIX = "column:";

export function columnIdOf(state: Pick<BoardState, "columns">, id: UniqueIdentifier): string | null {
  const key = String(id);
  if (key.startsWith(COLUMN_PREFIX)) return key.slice(COLUMN_PREFIX.length);
  return columnOf(state, key)?.id ?? null;
}

/**
 * Over a column that has cards, the closest card in it counts (so the drop
 * lands between cards); the pointer decides first, then overlap. Right after
 * a card changes columns the layout shifts under it, so the last answer is
 * kept until the next real one.
 */
export function boardCollisions(
  getState: () => Pick<BoardState, "columns">,
  lastOver: { current: UniqueIdentifier | null },
  movedColumn: { current: boolean },
): CollisionDetection {
  return (args) => {
    const byPointer = pointerWithin(args);
    const intersections = byPointer.length > 0 ? byPointer : rectIntersection(args);
    let overId = getFirstCollision(intersections, "id");
    if (overId != null) {
      const key = String(overId);
      if (key.startsWith(COLUMN_PREFIX)) {
        const column = getState().columns.find((c) => c.id === key.slice(COLUMN_PREFIX.length));
        if (column && column.ids.length > 0) {
          const inColumn = args.droppableContainers.filter((container) => column.ids.includes(String(container.id)));
          overId = closestCenter({ ...args, droppableContainers: inColumn })[0]?.id ?? overId;
        }
      }
      lastOver.current = overId;
      return [{ id: overId }];
    }
    if (movedColumn.current) lastOver.current = args.active.id;
    return lastOver.current ? [{ id: lastOver.current }] : [];
  };
}

const ARROWS: string[] = [KeyboardCode.Down, KeyboardCode.Right, KeyboardCode.Up, KeyboardCode.Left];

/**
 * Arrow keys: up/down to the neighbouring card, left/right to the next column
 * (its closest card, or the column itself when empty). Columns with cards are
 * not targets themselves, so the card always lands between two cards.
 */
export function boardKeyboardCoordinates(getState: () => Pick<BoardState, "columns">): KeyboardCoordinateGetter {
  return (event, { context: { active, droppableRects, droppableContainers, collisionRect } }) => {
    if (!ARROWS.includes(event.code)) return undefined;
    event.preventDefault();
    if (!active || !collisionRect) return undefined;
    const state = getState();
    const candidates: DroppableContainer[] = [];
    for (const entry of droppableContainers.getEnabled()) {
      if (!entry || entry.disabled || entry.id === active.id) continue;
      const rect = droppableRects.get(entry.id);
      if (!rect) continue;
      const key = String(entry.id);
      if (key.startsWith(COLUMN_PREFIX)) {
        const column = state.columns.find((c) => c.id === key.slice(COLUMN_PREFIX.length));
        if (column && column.ids.some((id) => id !== active.id)) continue;
      }
      const horizontalGap = collisionRect.width / 2;
      switch (event.code) {
        case KeyboardCode.Down:
          if (collisionRect.top < rect.top && Math.abs(rect.left - collisionRect.left) < horizontalGap) candidates.push(entry);
          break;
        case KeyboardCode.Up:
          if (collisionRect.top > rect.top && Math.abs(rect.left - collisionRect.left) < horizontalGap) candidates.push(entry);
          break;
        case KeyboardCode.Left:
          if (collisionRect.left >= rect.left + rect.width / 2) candidates.push(entry);
          break;
        case KeyboardCode.Right:
          if (collisionRect.left + collisionRect.width / 2 <= rect.left) candidates.push(entry);
          break;
      }
    }
    const closest = getFirstCollision(
      closestCorners({ active, collisionRect, droppableRects, droppableContainers: candidates, pointerCoordinates: null }),
      "id",
    );
    if (closest == null) return undefined;
    const target = droppableContainers.get(closest);
    const rect = target ? droppableRects.get(target.id) : null;
    if (!target || !rect) return undefined;
    if (String(target.id).startsWith(COLUMN_PREFIX)) return { x: rect.left + 12, y: rect.top + 12 };
    return { x: rect.left, y: rect.top };
  };
}

export function screenReaderInstructions(t: Translate) {
  return { draggable: t("dnd.instructions") };
}

/**
 * Announcements in the reader's language; stage names and lead names are data and read as typed. Within its own column a card takes the place of the
 * card it is over (the list only reorders on drop); in another column it is
 * already in the list. `origin` is the column the drag started from.
 */
export function boardAnnouncements(getState: () => BoardState, getOrigin: () => string | null, t: Translate): Announcements {
  const where = (activeId: UniqueIdentifier, overId: UniqueIdentifier | undefined) => {
    const state = getState();
    const target = overId === undefined ? null : columnIdOf(state, overId);
    const column = state.columns.find((c) => c.id === target);
    if (!column || overId === undefined) return null;
    const activeKey = String(activeId);
    const overKey = String(overId);
    let index = column.ids.indexOf(overKey === activeKey || overKey.startsWith(COLUMN_PREFIX) ? activeKey : overKey);
    if (index === -1) index = column.ids.length;
    const total = column.count + (column.id === getOrigin() ? 0 : 1);
    return t("dnd.position", { index: index + 1, total: Math.max(total, index + 1), stage: column.name });
  };
  const name = (id: UniqueIdentifier) => getState().cards[String(id)]?.fullName ?? t("dnd.theLead");
  return {
    onDragStart({ active }) {
      return t("dnd.start", { name: name(active.id), where: where(active.id, active.id) ?? "" });
    },
    onDragOver({ active, over }) {
      if (!over) return t("dnd.overNothing", { name: name(active.id) });
      return t("dnd.over", { name: name(active.id), where: where(active.id, over.id) ?? "" });
    },
    onDragEnd({ active, over }) {
      if (!over) return t("dnd.dropNothing", { name: name(active.id) });
      return t("dnd.drop", { name: name(active.id), where: where(active.id, over.id) ?? "" });
    },
    onDragCancel({ active }) {
      return t("dnd.cancel", { name: name(active.id) });
    },
  };
}
