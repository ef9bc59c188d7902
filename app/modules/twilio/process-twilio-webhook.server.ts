import { applyCallCallback } from "~/modules/calls/apply-call-callback.server";
import { processInboxItem } from "~/modules/webhooks/process-inbox-item.server";
import type { TwilioInboxItem } from "./twilio-payload.server";

/**
 * One Twilio inbox item (a leg's status, a dial result, a recording) applied
 * to its call (worker). Callbacks arrive out of order and twice; applying one
 * never moves a call backwards. The call was made by our own request or
 * TwiML before any callback about it, so an unknown call is simply set aside.
 */
export async function processTwilioWebhook(input: { organizationId: string; inboxId: string }): Promise<"done" | "retry"> {
  return processInboxItem({ ...input, provider: "twilio" }, async (db, inbox) => {
    if (!inbox.connection_id) return { status: "rejected", reason: "the connection it came through no longer exists" };
    return applyCallCallback(db, input.organizationId, inbox.connection_id, inbox.payload as unknown as TwilioInboxItem);
  });
}
