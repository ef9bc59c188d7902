import { useCallback, useRef, useState, type MutableRefObject } from "react";
import type { BoardDispatch, BoardStateRef } from "~/components/board/use-board-state";
import { columnUrl, getJson, type ColumnPage } from "~/lib/board-client";

export type ColumnLoading = Record<string, "loading" | "failed">;

/**
 * The rest of a column, a page at a time as it scrolls (the document carries
 * only its first cards). One request per column at a time; a page asked under
 * another snapshot (filters changed meanwhile) is dropped.
 */
export function useColumnPaging(slug: string, stateRef: BoardStateRef, dispatch: BoardDispatch, search: MutableRefObject<URLSearchParams>) {
  const [loading, setLoading] = useState<ColumnLoading>({});
  const inFlight = useRef(new Set<string>());
  const loadMore = useCallback(
    async (stageId: string) => {
      const source = stateRef.current.source;
      const column = stateRef.current.columns.find((c) => c.id === stageId);
      if (!column?.nextCursor || inFlight.current.has(stageId)) return;
      inFlight.current.add(stageId);
      setLoading((current) => ({ ...current, [stageId]: "loading" }));
      let failed = false;
      try {
        const page = await getJson<ColumnPage>(columnUrl(slug, stageId, column.nextCursor, search.current));
        if (stateRef.current.source === source) dispatch({ type: "page", stageId, leads: page.leads, nextCursor: page.nextCursor });
      } catch {
        failed = true;
      } finally {
        inFlight.current.delete(stageId);
        setLoading((current) => {
          const next = { ...current };
          if (failed) next[stageId] = "failed";
          else delete next[stageId];
          return next;
        });
      }
    },
    [slug, stateRef, dispatch, search],
  );
  return { loading, loadMore };
}
