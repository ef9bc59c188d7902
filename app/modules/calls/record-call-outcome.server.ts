import { message } from "~/i18n/catalogue";
import { isFinalCallStatus, type CallOutcome } from "~/lib/calls";
import { withOrganization } from "~/utils/db.server";
import { DomainRefusal } from "~/utils/refusal.server";
import { scheduleLeadSummary } from "~/modules/ai/schedule-lead-summary.server";
import type { TimelineActor } from "~/modules/timeline/timeline-actor";
import { lockCall } from "./lock-call.server";
import { saveCall } from "./save-call.server";

/**
 * How an ended call went, in the rep's words: any member may record it (not
 * only who placed or took the call) and change it later. Refused while the
 * call is still going; null when the call is not one of this lead's calls in
 * the organization. The outcome and note are part of what a summary reads, so
 * a change schedules the lead's next one.
 */
export async function recordCallOutcome(
  actor: TimelineActor,
  input: {
    leadId: string;
    callId: string;
    outcome: CallOutcome;
    note: string | null;
  }
): Promise<{ callId: string } | null> {
  return withOrganization(actor.organizationId, async (db) => {
    const locked = await lockCall(db, actor.organizationId, input.callId);
    if (!locked || locked.leadId !== input.leadId) return null;
    if (!isFinalCallStatus(locked.status))
      throw new DomainRefusal(message("call.outcome.notEnded"), {
        status: 409,
        code: "call_not_ended",
      });
    await saveCall(db, actor.organizationId, locked, { call: { outcome: input.outcome, outcomeNote: input.note } }, { id: actor.userId, name: actor.userName });
    if (locked.call.outcome !== input.outcome || locked.call.outcomeNote !== input.note) await scheduleLeadSummary(db, actor.organizationId, input.leadId);
    return { callId: locked.id };
  });
}
