import { randomBytes, randomUUID } from "node:crypto";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sealTwilioAuthToken } from "~/modules/twilio/twilio-secrets.server";
import { markupOf, signInDemoCast, type DemoPerson, type TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { decodeSingleFetch, organizationId, postBoard, stagesOf, userByEmail } from "../board/support";

interface CallRow {
  id: string;
  author_id: string | null;
  status: string | null;
  direction: string;
  channel: string;
  metadata: { kind: string; call: Record<string, unknown> };
}

/**
 * Click-to-call and a call's outcome from the lead page over HTTP: a call is
 * one queued row, its job and a call.created event, all or nothing; it is
 * refused (nothing written) without the lead's phone, the rep's own phone or
 * a Twilio number, and while the rep is already on a call. The outcome is for
 * ended calls of that lead only, by any member.
 */
describe("calls from the lead page", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  let clients: Record<DemoPerson, TestClient>;
  let auroraId = "";
  let stageId = "";
  let repId = "";
  let managerId = "";

  beforeAll(async () => {
    clients = await signInDemoCast(server);
    auroraId = await organizationId(db, "aurora");
    stageId = (await stagesOf(db, auroraId))[0].id;
    repId = (await userByEmail(db, "rep@aurora.test")).id;
    managerId = (await userByEmail(db, "manager@aurora.test")).id;
    // Whatever the seed connected, this file starts without a Twilio number and adds its own (connect()).
    await db.adminQuery("delete from twilio_connections where organization_id = $1", [auroraId]);
    await db.adminQuery("update users set phone = $2 where id = $1", [repId, "+5511912345678"]);
    await db.adminQuery("update users set phone = $2 where id = $1", [managerId, "+5511912345679"]);
  });

  // A test that failed half-way must not leave the next one refused as a second call.
  beforeEach(async () => {
    await endCallsOf(repId);
  });

  async function connect() {
    const [existing] = await db.adminQuery<{ id: string }>("select id from twilio_connections where organization_id = $1", [auroraId]);
    if (existing) return;
    await db.adminQuery(
      `insert into twilio_connections (id, organization_id, connection_key, name, account_sid, auth_token, phone_numbers, record_calls, demo, created_at, updated_at)
       values ($1, $2, $3, 'Twilio de teste', $4, $5, $6::jsonb, true, false, now(), now())`,
      [
        randomUUID(),
        auroraId,
        randomBytes(32).toString("hex"),
        `AC${randomBytes(16).toString("hex")}`,
        sealTwilioAuthToken("twilio-test-token"),
        JSON.stringify(["+551140000002"]),
      ]
    );
  }

  async function freshLead(phone: string | null = `+55119${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`) {
    const fullName = `Lead de ligação ${Math.random().toString(36).slice(2)}`;
    expect(
      (
        await postBoard(clients.owner, "aurora", {
          intent: "create",
          stageId,
          fullName,
        })
      ).status
    ).toBe(200);
    const [row] = await db.adminQuery<{ id: string }>("update leads set phone = $2 where full_name = $1 returning id", [fullName, phone]);
    return row.id;
  }
  const post = (client: TestClient, leadId: string, form: Record<string, string>, slug = "aurora") => client.post(`/o/${slug}/leads/${leadId}.data`, form);
  const answerOf = async (response: { body: string }) =>
    (
      (await decodeSingleFetch(response.body)) as {
        data?: { ok: boolean; message: string | null };
      }
    ).data!;
  const callsOf = (leadId: string) =>
    db.adminQuery<CallRow>(
      "select id, author_id, status, direction, channel, metadata from communications where lead_id = $1 and channel = 'phone' order by sent_at",
      [leadId]
    );
  const jobsOf = (callId: string) =>
    db.adminQuery<{ task_identifier: string }>("select task_identifier from graphile_worker.jobs where key = $1", [`twilio__place_call:${callId}`]);
  const allPlaceCallJobs = async () =>
    (await db.adminQuery<{ count: string }>("select count(*)::text as count from graphile_worker.jobs where task_identifier = 'twilio__place_call'"))[0].count;
  const eventsOf = (leadId: string) =>
    db.adminQuery<{ type: string; data: Record<string, unknown> }>(
      "select type, data from realtime_events where organization_id = $1 and data->>'leadId' = $2 and type like 'call.%' order by event_id",
      [auroraId, leadId]
    );
  /** Ends whatever a rep has going, so the next test's call is not refused as a second one. */
  const endCallsOf = (userId: string) =>
    db.adminQuery(
      "update communications set status = 'completed' where author_id = $1 and channel = 'phone' and status in ('queued', 'initiated', 'ringing', 'in-progress')",
      [userId]
    );
  async function placedCall(leadId: string, client = clients.rep) {
    const response = await post(client, leadId, { intent: "call" });
    expect(response.status, response.body).toBe(200);
    const [call] = await callsOf(leadId);
    return call;
  }

  it("refuses with 422 and writes nothing without a Twilio number, the rep's phone or the lead's phone", async () => {
    const withPhone = await freshLead();
    const jobsBefore = await allPlaceCallJobs();

    const notConnected = await post(clients.rep, withPhone, { intent: "call" });
    expect(notConnected.status).toBe(422);
    expect((await answerOf(notConnected)).message).toContain("Twilio");

    await connect();
    await db.adminQuery("update users set phone = null where email = 'owner@aurora.test'");
    const noAgentPhone = await post(clients.owner, withPhone, {
      intent: "call",
    });
    expect(noAgentPhone.status).toBe(422);
    expect((await answerOf(noAgentPhone)).message).toContain("Minha conta");

    const noLeadPhone = await post(clients.rep, await freshLead(null), {
      intent: "call",
    });
    expect(noLeadPhone.status).toBe(422);
    expect((await answerOf(noLeadPhone)).message).toContain("não tem telefone");

    expect(await callsOf(withPhone)).toEqual([]);
    expect(await eventsOf(withPhone)).toEqual([]);
    expect(await allPlaceCallJobs()).toBe(jobsBefore);
  });

  it("places a call: one queued outbound phone row, its place-call job and call.created, answered with the queued message", async () => {
    await connect();
    const leadId = await freshLead();
    const response = await post(clients.rep, leadId, { intent: "call" });
    expect(response.status, response.body).toBe(200);
    expect(await answerOf(response)).toMatchObject({
      ok: true,
      message: "Ligando para o seu telefone… atenda para falar com o lead.",
    });

    const calls = await callsOf(leadId);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      author_id: repId,
      status: "queued",
      direction: "outbound",
      channel: "phone",
      metadata: { kind: "call" },
    });
    expect(await jobsOf(calls[0].id)).toEqual([{ task_identifier: "twilio__place_call" }]);
    const events = await eventsOf(leadId);
    expect(events).toMatchObject([
      {
        type: "call.created",
        data: {
          callId: calls[0].id,
          leadId,
          direction: "outbound",
          status: "queued",
        },
      },
    ]);
    // Events carry state, never a phone number.
    expect(JSON.stringify(events[0].data)).not.toMatch(/\+55/);
    await endCallsOf(repId);
  });

  it("refuses a second call while the rep's first is still going (409), and takes one again once it ended", async () => {
    await connect();
    const first = await freshLead();
    const second = await freshLead();
    await placedCall(first);
    const refused = await post(clients.rep, second, { intent: "call" });
    expect(refused.status).toBe(409);
    expect((await answerOf(refused)).message).toContain("já está em uma ligação");
    expect(await callsOf(second)).toEqual([]);
    await endCallsOf(repId);
    expect((await post(clients.rep, second, { intent: "call" })).status).toBe(200);
    await endCallsOf(repId);
  });

  it("refuses a viewer (403) and another organization's lead (404), writing nothing", async () => {
    await connect();
    const leadId = await freshLead();
    expect((await post(clients.viewer, leadId, { intent: "call" })).status).toBe(403);
    const [borealLead] = await db.adminQuery<{ id: string }>("select id from leads where organization_id = $1 limit 1", [await organizationId(db, "boreal")]);
    const borealCalls = (await callsOf(borealLead.id)).length;
    expect((await post(clients.rep, borealLead.id, { intent: "call" })).status).toBe(404);
    // Boreal's owner is no member of Aurora: its slug answers 404 too.
    expect((await post(clients.boreal, leadId, { intent: "call" })).status).toBe(404);
    expect(await callsOf(leadId)).toEqual([]);
    expect(await callsOf(borealLead.id)).toHaveLength(borealCalls);
  });

  it("records an outcome only once the call has ended (409 before), for that lead only, and any member may change it", async () => {
    await connect();
    const leadId = await freshLead();
    const otherLead = await freshLead();
    const call = await placedCall(leadId);

    const early = await post(clients.rep, leadId, {
      intent: "call-outcome",
      callId: call.id,
      outcome: "answered",
      note: "Pediu proposta",
    });
    expect(early.status).toBe(409);
    expect((await answerOf(early)).message).toBe("A ligação ainda não terminou.");
    expect((await callsOf(leadId))[0].metadata.call).toMatchObject({
      outcome: null,
      outcomeNote: null,
    });

    await db.adminQuery("update communications set status = 'completed' where id = $1", [call.id]);
    const eventsBefore = (await eventsOf(leadId)).length;
    const saved = await post(clients.rep, leadId, {
      intent: "call-outcome",
      callId: call.id,
      outcome: "answered",
      note: "  Pediu proposta até sexta  ",
    });
    expect(saved.status, saved.body).toBe(200);
    expect((await callsOf(leadId))[0]).toMatchObject({
      status: "completed",
      metadata: {
        call: { outcome: "answered", outcomeNote: "Pediu proposta até sexta" },
      },
    });
    const events = await eventsOf(leadId);
    expect(events).toHaveLength(eventsBefore + 1);
    expect(events.at(-1)).toMatchObject({
      type: "call.updated",
      data: { callId: call.id, leadId, status: "completed" },
    });

    // Another member changes it later; an empty note clears it.
    expect(
      (
        await post(clients.manager, leadId, {
          intent: "call-outcome",
          callId: call.id,
          outcome: "voicemail",
          note: "",
        })
      ).status
    ).toBe(200);
    expect((await callsOf(leadId))[0].metadata.call).toMatchObject({
      outcome: "voicemail",
      outcomeNote: null,
    });

    // Someone else's lead in the URL, a bad outcome, a bad id, an over-long or NUL note, a viewer: refused, nothing changed.
    expect(
      (
        await post(clients.rep, otherLead, {
          intent: "call-outcome",
          callId: call.id,
          outcome: "busy",
        })
      ).status
    ).toBe(404);
    expect(
      (
        await post(clients.rep, leadId, {
          intent: "call-outcome",
          callId: call.id,
          outcome: "maybe",
        })
      ).status
    ).toBe(400);
    expect(
      (
        await post(clients.rep, leadId, {
          intent: "call-outcome",
          callId: "not-a-uuid",
          outcome: "busy",
        })
      ).status
    ).toBe(400);
    expect(
      (
        await post(clients.rep, leadId, {
          intent: "call-outcome",
          callId: randomUUID(),
          outcome: "busy",
        })
      ).status
    ).toBe(404);
    expect(
      (
        await post(clients.rep, leadId, {
          intent: "call-outcome",
          callId: call.id,
          outcome: "busy",
          note: "x".repeat(2001),
        })
      ).status
    ).toBe(400);
    expect(
      (
        await post(clients.rep, leadId, {
          intent: "call-outcome",
          callId: call.id,
          outcome: "busy",
          note: "a\0b",
        })
      ).status
    ).toBe(400);
    expect(
      (
        await post(clients.viewer, leadId, {
          intent: "call-outcome",
          callId: call.id,
          outcome: "busy",
        })
      ).status
    ).toBe(403);
    expect((await callsOf(leadId))[0].metadata.call).toMatchObject({
      outcome: "voicemail",
      outcomeNote: null,
    });
    expect(await eventsOf(leadId)).toHaveLength(eventsBefore + 2);
  });

  it("shows the call on the lead page: its status hooks, 'chamando…', then the recording through the files route", async () => {
    await connect();
    const leadId = await freshLead();
    const call = await placedCall(leadId);
    const page = await clients.rep.get(`/o/aurora/leads/${leadId}`);
    expect(page.status).toBe(200);
    const html = markupOf(page.body);
    expect(html).toContain(`data-call-id="${call.id}"`);
    expect(html).toContain('data-call-status="queued"');
    expect(html).toContain("chamando…");
    expect(html).toMatch(/<button[^>]*type="submit"[^>]*>(?:<svg[\s\S]*?<\/svg>)?Ligar<\/button>/);

    const fileId = randomUUID();
    await db.adminQuery(
      `update communications set status = 'completed',
         metadata = jsonb_set(jsonb_set(metadata, '{call,durationSeconds}', '192'), '{call,recording}', $2::jsonb) where id = $1`,
      [
        call.id,
        JSON.stringify({
          state: "stored",
          recordingSid: "RE0",
          fileId,
          durationSeconds: 190,
        }),
      ]
    );
    const ended = markupOf((await clients.rep.get(`/o/aurora/leads/${leadId}`)).body);
    expect(ended).toContain('data-call-status="completed"');
    expect(ended).toContain("concluída · 3:12");
    expect(ended).toMatch(new RegExp(`<audio[^>]*src="/o/aurora/files/${fileId}"[^>]*data-recording-state="stored"`));
    expect(ended).toContain('name="intent" value="call-outcome"');

    // A viewer reads the call but gets neither the outcome form nor "Ligar".
    const viewer = markupOf((await clients.viewer.get(`/o/aurora/leads/${leadId}`)).body);
    expect(viewer).toContain(`data-call-id="${call.id}"`);
    expect(viewer).not.toContain('value="call-outcome"');
    expect(viewer).not.toContain('value="call"');
    await endCallsOf(repId);
  });
});
