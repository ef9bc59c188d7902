import { useCallback } from "react";
import { toast } from "~/components/ui/toast";
import { useCoalescedRevalidate } from "~/hooks/use-coalesced-revalidate";
import { useEventStream, type StreamStatus } from "~/hooks/use-event-stream";
import { useI18n } from "~/i18n/react";
import { liveToastOf } from "~/modules/realtime/live-toast";
import { isConversationUpdate, type StreamMessage } from "~/modules/realtime/events";

/** A burst of events (a conversation, a teammate typing notes) becomes one reload of the page's data. */
const COALESCE_MS = 150;

/**
 * Keeps an open lead page true to the organization's stream: its timeline and
 * conversation (messages, calls, notes, last contact) and its AI summaries read
 * the page's loader again (the only read path); a new inbound message or a missed
 * call on another of my leads shows a toast.
 */
export function useLeadLive(options: { slug: string; leadId: string; meId: string; lastEventId: number }): StreamStatus {
  const { slug, leadId, meId } = options;
  const { t } = useI18n();
  const reload = useCoalescedRevalidate(COALESCE_MS);

  const onEvent = useCallback(
    (message: StreamMessage) => {
      if (message.type === "presence") return;
      if (message.type === "resync") return reload();
      const data = message.data as { leadId?: string };
      if (data.leadId === leadId) {
        // A teammate's edit or move is not read in under the reader's typing (the form would start over):
        // saving on top of it is refused with who changed what (409), as before the page was live.
        if (message.type === "lead.moved" || (message.type === "lead.updated" && !isConversationUpdate(message.data))) return;
        return reload();
      }
      const shoulderTap = liveToastOf(message, meId);
      if (shoulderTap) toast({ title: t(shoulderTap.key), description: shoulderTap.preview });
    },
    [leadId, meId, reload, t],
  );

  return useEventStream(`/o/${slug}/events`, options.lastEventId, onEvent, reload);
}
