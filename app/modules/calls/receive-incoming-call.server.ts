import { withOrganization } from "~/utils/db.server";
import { findOrCreateLeadByPhone } from "~/modules/leads/find-or-create-lead-by-phone.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { appendTimelineEntry } from "~/modules/timeline/append-timeline-entry.server";
import { newCallMetadata } from "~/modules/timeline/entry-metadata.server";
import { loadTwilioConnection, twilioRecordsCalls } from "~/modules/twilio/load-twilio-connection.server";
import { lockCall, lockCallBySid, type LockedCall } from "./lock-call.server";
import { nextInLine, planRingOrder } from "./ring-line.server";
import { callEventData } from "./save-call.server";

/**
 * A call to one of the organization's numbers, while the caller waits: it
 * goes on the timeline of the lead with that phone (a new, unassigned lead
 * with source `telefone` for an unknown number), ringing, with the line of
 * members to ring. Twilio asking twice for the same call finds the first
 * entry. Null when the dialled number is not this connection's.
 */
export async function receiveIncomingCall(connection: { id: string; organizationId: string }, input: { callSid: string; from: string; to: string }) {
  const { organizationId } = connection;
  return withOrganization(organizationId, async (db) => {
    const loaded = await loadTwilioConnection(db, organizationId, connection.id);
    if (!loaded || !loaded.phoneNumbers.includes(input.to)) return null;
    const lead = await findOrCreateLeadByPhone(db, organizationId, { phone: input.from, name: null, via: "telefone", pickAssignee: async () => null });
    const call = newCallMetadata({
      connectionId: connection.id,
      orgNumber: input.to,
      leadPhone: input.from,
      leadCallSid: input.callSid,
      ringOrder: await planRingOrder(db, organizationId, lead.assigneeId),
    });
    const row = await appendTimelineEntry(db, organizationId, {
      leadId: lead.id,
      channel: "phone",
      direction: "inbound",
      externalId: input.callSid,
      content: "",
      status: "ringing",
      metadata: { kind: "call", call },
      sentAt: new Date(),
    });
    const locked = row ? await lockCall(db, organizationId, row.id) : await lockCallBySid(db, organizationId, input.callSid);
    if (!locked) return null;
    if (row) await recordEvent(db, organizationId, { type: "call.created", data: callEventData(locked, false), actor: null });
    return { call: locked, record: loaded.recordCalls, next: await nextInLine(db, organizationId, locked.call.ringOrder, 0) };
  });
}

/** Who to ring next for an inbound call (`attempt`: how many were rung already), with whether it is recorded. */
export async function findNextInLine(connection: { id: string; organizationId: string }, callId: string, attempt: number) {
  return withOrganization(connection.organizationId, async (db) => {
    const call = await lockCall(db, connection.organizationId, callId);
    if (!call || call.direction !== "inbound" || call.call.connectionId !== connection.id) return null;
    return { call, record: await twilioRecordsCalls(db, connection.id), next: await nextInLine(db, connection.organizationId, call.call.ringOrder, attempt) };
  });
}
export type IncomingCall = { call: LockedCall; record: boolean; next: Awaited<ReturnType<typeof nextInLine>> };
