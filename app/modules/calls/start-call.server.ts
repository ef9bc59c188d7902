import { randomUUID } from "node:crypto";
import { message } from "~/i18n/catalogue";
import { withOrganization } from "~/utils/db.server";
import { DomainRefusal } from "~/utils/refusal.server";
import { twilioPlaceCallJob } from "~/modules/jobs/definitions/twilio__place_call.server";
import { enqueueJob } from "~/modules/jobs/enqueue-job.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { newCallMetadata } from "~/modules/timeline/entry-metadata.server";
import type { TimelineActor } from "~/modules/timeline/timeline-actor";
import { loadTwilioConnection } from "~/modules/twilio/load-twilio-connection.server";
import { callEventData } from "./save-call.server";

/** A click-to-call older than this that never reached a final status (a lost callback) no longer blocks the next one. */
const STUCK_CALL_INTERVAL = "2 hours";

/**
 * Click-to-call: the call goes on the lead's timeline at once (queued, for the
 * whole team) and a job asks Twilio to ring the rep's own phone; the lead is
 * dialled when the rep answers. Refused when the lead has no phone, the rep
 * has not saved theirs, the organization has no Twilio number, or the rep is
 * already on a call. Null when the lead is not in the organization.
 */
export async function startCall(actor: TimelineActor, input: { leadId: string }): Promise<{ callId: string } | null> {
  return withOrganization(actor.organizationId, async (db) => {
    const [lead] = await db.execute<{ id: string; phone: string | null; assignee_id: string | null }[]>(
      "select id, phone, assignee_id from leads where organization_id = ? and id = ? for share",
      [actor.organizationId, input.leadId],
    );
    if (!lead) return null;
    if (!lead.phone) throw new DomainRefusal(message("call.start.noLeadPhone"), { status: 422, code: "no_lead_phone" });
    const [agent] = await db.execute<{ phone: string | null }[]>("select phone from users where id = ?", [actor.userId]);
    if (!agent?.phone) throw new DomainRefusal(message("call.start.noAgentPhone"), { status: 422, code: "no_agent_phone" });
    const connection = await loadTwilioConnection(db, actor.organizationId, null);
    if (!connection) throw new DomainRefusal(message("call.start.notConnected"), { status: 422, code: "twilio_not_connected" });
    // One call at a time per rep: their phone can only ring for one (and a double click must not place two).
    await db.execute("select pg_advisory_xact_lock(hashtextextended(?, 0))", [`call:${actor.userId}`]);
    const [busy] = await db.execute<{ id: string }[]>(
      `select id from communications
        where organization_id = ? and channel = 'phone' and direction = 'outbound' and author_id = ?
          and status in ('queued', 'initiated', 'ringing', 'in-progress') and sent_at > now() - interval '${STUCK_CALL_INTERVAL}'
        limit 1`,
      [actor.organizationId, actor.userId],
    );
    if (busy) throw new DomainRefusal(message("call.start.busy"), { status: 409, code: "call_in_progress" });

    const id = randomUUID();
    const call = newCallMetadata({
      connectionId: connection.id,
      orgNumber: connection.phoneNumbers[0]!,
      leadPhone: lead.phone,
      agentPhone: agent.phone,
      answeredById: actor.userId,
    });
    await db.execute(
      `insert into communications (id, organization_id, lead_id, author_id, channel, direction, content, metadata, status, sent_at, created_at, updated_at)
       values (?, ?, ?, ?, 'phone', 'outbound', '', ?::jsonb, 'queued', now(), now(), now())`,
      [id, actor.organizationId, lead.id, actor.userId, JSON.stringify({ kind: "call", call })],
    );
    const created = { id, leadId: lead.id, direction: "outbound" as const, status: "queued" as const, call, assigneeId: lead.assignee_id };
    await recordEvent(db, actor.organizationId, {
      type: "call.created",
      data: callEventData(created, false),
      actor: { id: actor.userId, name: actor.userName },
    });
    await enqueueJob(db, twilioPlaceCallJob, { organizationId: actor.organizationId, callId: id });
    return { callId: id };
  });
}
