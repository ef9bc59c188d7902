import { useEffect, useRef, useState } from "react";
import { EVENT_TYPES } from "~/modules/realtime/events";

const SEQUENCED: ReadonlySet<string> = new Set(EVENT_TYPES);

export type StreamStatus = "connecting" | "live" | "reconnecting";

export interface StreamEvent {
  type: string;
  /** Per-organization sequence number; null for ephemeral messages (presence). */
  id: number | null;
  data: Record<string, unknown>;
}

const NAMED_EVENTS = [...EVENT_TYPES, "presence", "resync"];
const MAX_BACKOFF_MS = 15_000;
/** How long the browser's own retry may stay in CONNECTING before we start over ourselves. */
const STUCK_CONNECTING_MS = 10_000;

/**
 * One EventSource on the organization's stream that never silently stops.
 * The browser reconnects by itself (sending Last-Event-ID), but gives up for
 * good on a non-200 answer and can sit on a dead socket after the network
 * drops; so a closed or stuck source is replaced, with backoff, from the last
 * id this page applied (`?lastEventId=`), and coming back online or to the tab
 * starts over at once. Ids already applied are never handed out twice.
 * `onRefused` runs when a connection attempt is answered with something other than a stream.
 */
export function useEventStream(
  url: string,
  initialLastEventId: number,
  onEvent: (event: StreamEvent) => void,
  onRefused: () => void,
): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>("connecting");
  const onEventRef = useRef(onEvent);
  const onRefusedRef = useRef(onRefused);
  useEffect(() => {
    onEventRef.current = onEvent;
    onRefusedRef.current = onRefused;
  });
  const lastIdRef = useRef(initialLastEventId);

  useEffect(() => {
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let stuckTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let disposed = false;

    const handle = (message: MessageEvent<string>) => {
      // The browser keeps the last seen id on messages that carry none (presence),
      // so only sequenced types are deduplicated by it.
      const seen = message.lastEventId ? Number(message.lastEventId) : NaN;
      const id = Number.isFinite(seen) ? seen : null;
      const sequenced = SEQUENCED.has(message.type);
      if (sequenced && id !== null && id <= lastIdRef.current) return;
      let data: Record<string, unknown> = {};
      try {
        data = message.data ? (JSON.parse(message.data) as Record<string, unknown>) : {};
      } catch {
        return;
      }
      if (id !== null && id > lastIdRef.current && message.type !== "presence") lastIdRef.current = id;
      onEventRef.current({ type: message.type, id: sequenced ? id : null, data });
    };

    const scheduleRestart = (delay: number) => {
      clearTimeout(retryTimer);
      retryTimer = setTimeout(connect, delay);
    };

    function connect() {
      if (disposed) return;
      clearTimeout(retryTimer);
      clearTimeout(stuckTimer);
      source?.close();
      const separator = url.includes("?") ? "&" : "?";
      const next = new EventSource(`${url}${separator}lastEventId=${lastIdRef.current}`);
      source = next;
      for (const type of NAMED_EVENTS) next.addEventListener(type, handle as EventListener);
      next.onmessage = handle;
      next.onopen = () => {
        failures = 0;
        clearTimeout(stuckTimer);
        setStatus("live");
      };
      next.onerror = () => {
        if (source !== next) return;
        setStatus("reconnecting");
        if (next.readyState === EventSource.CLOSED) {
          // Closed means the server answered, but not with a stream (a redirect to the login, a 404).
          if (failures === 0) onRefusedRef.current();
          failures += 1;
          scheduleRestart(Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(failures, 5)));
        } else {
          clearTimeout(stuckTimer);
          stuckTimer = setTimeout(() => {
            if (source === next && next.readyState !== EventSource.OPEN) connect();
          }, STUCK_CONNECTING_MS);
        }
      };
    }

    const restartNow = () => {
      failures = 0;
      setStatus((current) => (current === "live" ? "reconnecting" : current));
      connect();
    };
    const onVisible = () => {
      if (document.visibilityState === "visible" && source?.readyState !== EventSource.OPEN) restartNow();
    };
    // A dropped network rarely closes the socket cleanly: stop listening to it and start over when back online.
    const onOffline = () => {
      setStatus("reconnecting");
      clearTimeout(stuckTimer);
      source?.close();
      scheduleRestart(MAX_BACKOFF_MS);
    };

    connect();
    window.addEventListener("online", restartNow);
    window.addEventListener("offline", onOffline);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      clearTimeout(stuckTimer);
      source?.close();
      window.removeEventListener("online", restartNow);
      window.removeEventListener("offline", onOffline);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [url]);

  return status;
}
