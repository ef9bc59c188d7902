import { useCallback } from "react";
import { useCoalescedRevalidate } from "~/hooks/use-coalesced-revalidate";
import { useEventStream } from "~/hooks/use-event-stream";
import type { StreamMessage } from "~/modules/realtime/events";

/** Progress events of a running export come in bursts: one reload of the page's data for each burst. */
const COALESCE_MS = 250;

/** Keeps the privacy page's list of requests current: their status and progress read the loader again. */
export function usePrivacyLive(slug: string, lastEventId: number) {
  const reload = useCoalescedRevalidate(COALESCE_MS);
  const onEvent = useCallback(
    (message: StreamMessage) => {
      if (message.type === "privacy_request.updated" || message.type === "resync") reload();
    },
    [reload],
  );
  return useEventStream(`/o/${slug}/events`, lastEventId, onEvent, reload);
}
