import { useCallback, useEffect, useMemo, useRef, type MutableRefObject } from "react";
import { planLiveEvent } from "~/components/board/board-state";
import { CardRefresher } from "~/components/board/card-refresher";
import type { BoardDispatch, BoardStateRef } from "~/components/board/use-board-state";
import type { QueueFlip } from "~/components/board/use-flip";
import { toast } from "~/components/ui/toast";
import { useEventStream } from "~/hooks/use-event-stream";
import { usePresence } from "~/hooks/use-presence";
import { useI18n } from "~/i18n/react";
import { cardsUrl, getJson, type BoardData, type CardsRefresh } from "~/lib/board-client";
import type { StreamMessage } from "~/modules/realtime/events";

/** Live events remembered to re-apply on top of a loader snapshot that may predate them. */
const RECENT_EVENTS = 500;

interface LiveBoardOptions {
  data: BoardData;
  stateRef: BoardStateRef;
  dispatch: BoardDispatch;
  queueFlip: QueueFlip;
  search: MutableRefObject<URLSearchParams>;
  /** Truthy while a card is being dragged: a teammate's move then waits instead of moving cards under the pointer. */
  dragging: MutableRefObject<unknown>;
  revalidate: () => void;
}

/**
 * Keeps the board true to the organization's event stream, one card at a
 * time: a teammate's move shows at once from the event, then every changed
 * card is fetched as the board's filters see it (never a full reload).
 * Also who else is on the board (presence) and the stream's status.
 */
export function useLiveBoard({ data, stateRef, dispatch, queueFlip, search, dragging, revalidate }: LiveBoardOptions) {
  const { t } = useI18n();
  const slug = data.organization.slug;
  const me = data.me;

  const refresher = useMemo(() => {
    let asked = "";
    return new CardRefresher({
      fetch: (ids) => {
        asked = search.current.toString();
        return getJson<CardsRefresh>(cardsUrl(slug, ids, search.current));
      },
      apply: (refresh, notes) => {
        // Asked with other filters than the board shows now: ask again.
        if (asked !== search.current.toString()) return false;
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
  }, [slug, search, stateRef, dispatch, queueFlip]);
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
    (message: StreamMessage) => {
      const plan = planLiveEvent(stateRef.current, message, {
        meId: me.id,
        dragging: !!dragging.current,
        filters: search.current,
        asking: (leadId) => refresher.isAsking(leadId),
        note: (key, name) => t(key, { name }),
      });
      if (plan.kind === "ignore") return;
      if (plan.kind === "presence") return applyPresence(plan.snapshot);
      if (plan.kind === "revalidate") return revalidate();
      if (plan.kind === "conversation") {
        if (plan.toast) toast({ title: t(plan.toast.key), description: plan.toast.preview });
        return;
      }
      recent.current.push({ id: plan.eventId, leadId: plan.leadId });
      if (recent.current.length > RECENT_EVENTS) recent.current.shift();
      if (plan.kind === "seen") return;
      if (plan.kind === "arrival") {
        queueFlip([], [plan.leadId]);
        return dispatch(plan.arrival);
      }
      if (plan.move) {
        queueFlip([plan.leadId]);
        dispatch(plan.move);
      }
      if (plan.kind === "refresh") refresher.request(plan.leadId, plan.note);
    },
    [applyPresence, revalidate, refresher, queueFlip, stateRef, dispatch, dragging, search, me.id, t],
  );

  // A stream the server refuses (signed out, removed from the organization) closes for good: the loader says why.
  const status = useEventStream(`/o/${slug}/events`, data.lastEventId, onEvent, revalidate);

  return { status, presence, refresher };
}
