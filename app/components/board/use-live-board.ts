import { useCallback, useEffect, useMemo, useRef, type MutableRefObject } from "react";
import { boardReducer } from "~/components/board/board-state";
import { CardRefresher } from "~/components/board/card-refresher";
import type { BoardDispatch, BoardStateRef } from "~/components/board/use-board-state";
import type { QueueFlip } from "~/components/board/use-flip";
import { useEventStream, type StreamEvent } from "~/hooks/use-event-stream";
import { usePresence } from "~/hooks/use-presence";
import { useI18n } from "~/i18n/react";
import { cardsUrl, getJson, type BoardData, type CardsRefresh } from "~/lib/board-client";

/** Live events remembered to re-apply on top of a loader snapshot that may predate them. */
const RECENT_EVENTS = 500;

const LEAD_NOTES = { "lead.moved": "board.note.moved", "lead.created": "board.note.created", "lead.updated": "board.note.updated" } as const;

function firstName(name: string) {
  return name.trim().split(/\s+/)[0] ?? name;
}

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
    (event: StreamEvent) => {
      if (event.type === "presence") {
        applyPresence(event.data);
        return;
      }
      if (event.type === "resync" || event.type.startsWith("stage.") || event.type === "member.removed") {
        revalidate();
        return;
      }
      if (!event.type.startsWith("lead.")) return;
      const leadId = typeof event.data.leadId === "string" ? event.data.leadId : null;
      if (!leadId) return;
      if (event.id !== null) {
        recent.current.push({ id: event.id, leadId });
        if (recent.current.length > RECENT_EVENTS) recent.current.shift();
      }
      const actor = event.data.actor as { id?: string; name?: string } | null | undefined;
      const version = typeof event.data.version === "number" ? event.data.version : null;
      const known = stateRef.current.cards[leadId];
      // Already showing this version or a newer one (our own move's echo, a replayed event). A creation is
      // always checked: the card added from the quick add's answer may not match the board's filters.
      if (known && version !== null && version <= known.version && (event.type === "lead.moved" || event.type === "lead.updated")) return;
      const byTeammate = actor?.id && actor.id !== me.id && actor.name;
      const noteKey = LEAD_NOTES[event.type as keyof typeof LEAD_NOTES];
      const note = byTeammate && noteKey ? t(noteKey, { name: firstName(actor.name!) }) : undefined;
      const toStageId = typeof event.data.toStageId === "string" ? event.data.toStageId : null;
      if (event.type === "lead.moved" && known && toStageId && version !== null && !dragging.current) {
        const afterLeadId = typeof event.data.afterLeadId === "string" ? event.data.afterLeadId : null;
        const move = { type: "remote-move", leadId, toStageId, afterLeadId, version, note } as const;
        if (boardReducer(stateRef.current, move) !== stateRef.current) {
          queueFlip([leadId]);
          dispatch(move);
          refresher.request(leadId);
          return;
        }
      }
      refresher.request(leadId, note);
    },
    [applyPresence, revalidate, refresher, queueFlip, stateRef, dispatch, dragging, me.id, t],
  );

  // A stream the server refuses (signed out, removed from the organization) closes for good: the loader says why.
  const status = useEventStream(`/o/${slug}/events`, data.lastEventId, onEvent, revalidate);

  return { status, presence, refresher };
}
