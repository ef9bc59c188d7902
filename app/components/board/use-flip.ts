import { useCallback, useEffect, useLayoutEffect, useRef } from "react";
import type { BoardState } from "~/components/board/board-state";
import { captureCards, playFlip, type CardSnapshot } from "~/components/board/flip";

const useIsomorphicLayoutEffect = typeof window === "undefined" ? useEffect : useLayoutEffect;

export type QueueFlip = (leadIds: string[], appeared?: string[]) => void;

/**
 * Animates cards from where they were to where the next render puts them.
 * `queueFlip` remembers where cards are before a change is dispatched; several
 * changes may land in one render.
 */
export function useFlip(state: BoardState): QueueFlip {
  const flip = useRef<{ snapshots: Map<string, CardSnapshot>; appeared: string[] } | null>(null);
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
  return queueFlip;
}
