import { useCallback, useRef, useState } from "react";
import type { CardRefresher } from "~/components/board/card-refresher";
import type { PendingMove } from "~/components/board/move-request";
import type { BoardDispatch } from "~/components/board/use-board-state";
import type { QueueFlip } from "~/components/board/use-flip";
import { toast } from "~/components/ui/toast";
import { useI18n } from "~/i18n/react";
import type { MoveResult } from "~/lib/board-client";

/**
 * Dropped cards on their way to the server (each rendered as a
 * `<MoveRequest>`), and what the board does with each answer: keep the move,
 * snap the card to the server's truth (409) or put it back.
 */
export function useMoveRequests(dispatch: BoardDispatch, queueFlip: QueueFlip, refresher: CardRefresher) {
  const { t } = useI18n();
  const [moves, setMoves] = useState<PendingMove[]>([]);
  const counter = useRef(0);

  const sendMove = useCallback((move: Omit<PendingMove, "requestId">) => {
    setMoves((pending) => [...pending, { ...move, requestId: ++counter.current }]);
  }, []);

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
    [dispatch, queueFlip, refresher, t],
  );

  return { moves, sendMove, onMoveSettled };
}
