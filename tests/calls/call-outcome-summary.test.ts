import { randomUUID } from "node:crypto";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { recordCallOutcome } from "~/modules/calls/record-call-outcome.server";
import { newCallMetadata } from "~/modules/timeline/entry-metadata.server";
import type { TimelineActor } from "~/modules/timeline/timeline-actor";
import { useTestDatabase } from "../support/database";
import { organizationId, userByEmail } from "../board/support";
import { pendingSummaryJob, setAi } from "../ai/support";

/**
 * A call's outcome and note are part of what a lead's summary reads:
 * recording them schedules the lead's next summary when AI is on for the
 * organization, and nothing when it is off.
 */
describe("recording a call's outcome", () => {
  const db = useTestDatabase();
  let aurora = "";
  let actor: TimelineActor;

  beforeAll(async () => {
    aurora = await organizationId(db, "aurora");
    const rep = await userByEmail(db, "rep@aurora.test");
    actor = { organizationId: aurora, userId: rep.id, userName: "Rep" };
  });
  beforeEach(async () => {
    await db.adminQuery("delete from graphile_worker._private_jobs where key like 'ai__summarize_lead:%'");
  });

  /** An ended call on one of the organization's leads, written as the call's webhooks leave it. */
  async function anEndedCall() {
    const [lead] = await db.adminQuery<{ id: string }>("select id from leads where organization_id = $1 limit 1", [aurora]);
    const callId = randomUUID();
    const call = newCallMetadata({ connectionId: randomUUID(), orgNumber: "+551140000002", leadPhone: "+5511987651234", durationSeconds: 42 });
    await db.adminQuery(
      `insert into communications (id, organization_id, lead_id, channel, direction, content, metadata, status, sent_at, created_at, updated_at)
       values ($1, $2, $3, 'phone', 'outbound', '', $4::jsonb, 'completed', now(), now(), now())`,
      [callId, aurora, lead.id, JSON.stringify({ kind: "call", call })],
    );
    return { leadId: lead.id, callId };
  }

  it("schedules the lead's summary when AI is on", async () => {
    await setAi(db, aurora, { enabled: true });
    const { leadId, callId } = await anEndedCall();
    expect(await recordCallOutcome(actor, { leadId, callId, outcome: "answered", note: "Pediu proposta até sexta." })).toEqual({ callId });
    expect(await pendingSummaryJob(db, leadId)).toHaveLength(1);
  });

  it("schedules nothing when AI is off", async () => {
    await setAi(db, aurora, { enabled: false });
    const { leadId, callId } = await anEndedCall();
    expect(await recordCallOutcome(actor, { leadId, callId, outcome: "no_answer", note: null })).toEqual({ callId });
    expect(await pendingSummaryJob(db, leadId)).toEqual([]);
  });
});
