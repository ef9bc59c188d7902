import { useReducer, useRef, type Dispatch, type MutableRefObject } from "react";
import { boardReducer, initBoard, type BoardState } from "~/components/board/board-state";
import type { BoardData } from "~/lib/board-client";

export type BoardDispatch = Dispatch<Parameters<typeof boardReducer>[1]>;
export type BoardStateRef = MutableRefObject<BoardState>;

/**
 * The board's state from the loader's snapshot on. `stateRef` is what event
 * handlers read: they run later than the render that created them.
 */
export function useBoardState(data: BoardData) {
  const [state, dispatch] = useReducer(boardReducer, data, initBoard);
  // A new loader answer (filters changed, a revalidation) replaces the snapshot.
  if (state.source !== data) dispatch({ type: "reset", data });
  const stateRef = useRef<BoardState>(state);
  stateRef.current = state;
  return { state, dispatch, stateRef };
}
