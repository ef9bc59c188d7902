import { useEffect, useRef, useState } from "react";
import { parseStreamMessage, STREAM_MESSAGE_TYPES, type StreamMessage } from "~/modules/realtime/events";

export type StreamStatus = "connecting" | "live" | "reconnecting";

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
  onEvent: (event: StreamMessage) => void,
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
      const event = parseStreamMessage(message.type, message.data);
      if (!event) return;
      if (event.id !== null) {
        if (event.id <= lastIdRef.current) return;
        lastIdRef.current = event.id;
      }
      onEventRef.current(event);
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
      for (const type of STREAM_MESSAGE_TYPES) next.addEventListener(type, handle as EventListener);
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
