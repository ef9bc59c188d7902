import { isFinalCallStatus, type CallStatus } from "~/lib/calls";
import type { Db } from "~/utils/db.server";
import type { EventActor } from "~/modules/realtime/events";
import { scheduleLeadSummary } from "~/modules/ai/schedule-lead-summary.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import type { CallMetadata } from "~/modules/timeline/entry-metadata.server";
import { recordLeadContact } from "~/modules/timeline/record-lead-contact.server";
import type { LockedCall } from "./lock-call.server";

/** What a call event says about a call: its state, never a phone number. */
export function callEventData(call: Pick<LockedCall, "id" | "leadId" | "direction" | "status" | "call" | "assigneeId">, ended: boolean) {
  return {
    callId: call.id,
    leadId: call.leadId,
    direction: call.direction,
    status: call.status,
    durationSeconds: call.call.durationSeconds,
    recording: call.call.recording?.state === "stored",
    ended,
    assigneeId: call.assigneeId,
  };
}

/**
 * Writes a locked call's new status and details, and tells the organization
 * (`call.updated`). The first time it reaches a final status the lead's last
 * contact moves (without its version: a teammate's edit is not made stale),
 * and an inbound call nobody took counts as unread.
 */
export async function saveCall(
  db: Db,
  organizationId: string,
  locked: LockedCall,
  changes: { status?: CallStatus; call?: Partial<CallMetadata>; externalId?: string; error?: { code: number | null; title: string } },
  actor: EventActor | null = null,
) {
  const status = changes.status ?? locked.status;
  const call = { ...locked.call, ...changes.call };
  const ended = status !== locked.status && isFinalCallStatus(status);
  await db.execute(
    `update communications
        set status = ?, metadata = jsonb_set(metadata, '{call}', ?::jsonb) || coalesce(jsonb_build_object('error', ?::jsonb), '{}'),
            external_id = coalesce(external_id, ?), updated_at = now()
      where organization_id = ? and id = ?`,
    [status, JSON.stringify(call), changes.error ? JSON.stringify(changes.error) : null, changes.externalId ?? null, organizationId, locked.id],
  );
  const saved: LockedCall = { ...locked, status, call, externalId: locked.externalId ?? changes.externalId ?? null };
  if (ended) {
    const missed = locked.direction === "inbound" && status !== "completed";
    await recordLeadContact(db, organizationId, { leadId: locked.leadId, at: new Date(), channel: "phone", inbound: missed, actor });
    await scheduleLeadSummary(db, organizationId, locked.leadId);
  }
  await recordEvent(db, organizationId, { type: "call.updated", data: callEventData(saved, ended), actor });
  return saved;
}
