import { useEffect, useRef } from "react";
import { useFetcher } from "@remix-run/react";
import { boardPath, type MoveResult } from "~/lib/board-client";

export interface PendingMove {
  requestId: number;
  leadId: string;
  fromStageId: string;
  toStageId: string;
  /** The card the lead now follows in its column; null = top. */
  afterLeadId: string | null;
  /** The version the user saw: the server refuses the move if the lead changed since. */
  version: number;
}

/**
 * One move on its way to the server. Each move has its own fetcher, so quick
 * successive drags never cancel each other's requests. `result` is null when
 * no answer came (network down).
 */
export function MoveRequest({
  slug,
  move,
  onSettled,
}: {
  slug: string;
  move: PendingMove;
  onSettled: (move: PendingMove, result: MoveResult | null) => void;
}) {
  const fetcher = useFetcher<MoveResult>();
  const sent = useRef(false);
  const busy = useRef(false);
  const settled = useRef(false);

  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    fetcher.submit(
      {
        intent: "move",
        leadId: move.leadId,
        toStageId: move.toStageId,
        afterLeadId: move.afterLeadId ?? "",
        version: String(move.version),
      },
      { method: "post", action: boardPath(slug) },
    );
  }, [fetcher, move, slug]);

  useEffect(() => {
    if (settled.current) return;
    if (fetcher.state !== "idle") busy.current = true;
    if (fetcher.data !== undefined) {
      settled.current = true;
      onSettled(move, fetcher.data);
    } else if (busy.current && fetcher.state === "idle") {
      settled.current = true;
      onSettled(move, null);
    }
  }, [fetcher.state, fetcher.data, move, onSettled]);

  return null;
}
