import { beforeAll, describe, expect, it } from "vitest";
import { signInDemoCast, type DemoPerson, type TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { download } from "../files/support";
import { organizationId, postBoard, stagesOf, userByEmail } from "../board/support";
import { runJobs } from "../whatsapp/support";
import { aMobile, createTwilioConnection, type TestTwilioConnection, useTwilioStandIn } from "./support";

interface CallRow {
  id: string;
  status: string;
  direction: string;
  author_id: string | null;
  external_id: string | null;
  metadata: { kind: string; call: Record<string, unknown> & { recording: { state: string; fileId: string | null } | null }; error?: { title: string } };
}

/**
 * Click-to-call end to end on real components: the lead page's intent, the
 * worker placing the call through the twilio client, the Twilio stand-in
 * ringing, fetching our TwiML and playing its signed callbacks back through
 * the app's routes and inbox, the recording copied to storage and only then
 * deleted at Twilio.
 */
describe("click-to-call through Twilio", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  let clients: Record<DemoPerson, TestClient>;
  let connection: TestTwilioConnection;
  let auroraId = "";
  let stageId = "";
  let repId = "";
  const repPhone = aMobile();

  beforeAll(async () => {
    clients = await signInDemoCast(server);
    auroraId = await organizationId(db, "aurora");
    stageId = (await stagesOf(db, auroraId))[0].id;
    repId = (await userByEmail(db, "rep@aurora.test")).id;
    connection = await createTwilioConnection(db, auroraId, { only: true });
    await db.adminQuery("update users set phone = $2 where id = $1", [repId, repPhone]);
  });
  const twilio = useTwilioStandIn(server, {
    accounts: async () => [{ accountSid: connection.accountSid, authToken: connection.authToken, numbers: [connection.number] }],
    ringMs: 20,
    talkMs: 1100,
    promptMs: 5,
    webhookRetryDelayMs: 20,
  });
  async function aLead(phone: string | null = aMobile()) {
    const fullName = `Lead para ligar ${Math.random().toString(36).slice(2)}`;
    expect((await postBoard(clients.owner, "aurora", { intent: "create", stageId, fullName })).status).toBe(200);
    const [row] = await db.adminQuery<{ id: string; version: number }>("update leads set phone = $2 where full_name = $1 returning id, version", [fullName, phone]);
    return { ...row, phone };
  }
  const call = (client: TestClient, leadId: string) =>
    client.request(`/o/aurora/leads/${leadId}.data`, { method: "POST", body: new URLSearchParams({ intent: "call" }).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
  const callsOf = (leadId: string) =>
    db.adminQuery<CallRow>("select id, status, direction, author_id, external_id, metadata from communications where lead_id = $1 and channel = 'phone' order by sent_at", [leadId]);
  const callEventsOf = (callId: string) =>
    db.adminQuery<{ type: string; data: Record<string, unknown> }>(
      "select type, data from realtime_events where organization_id = $1 and data->>'callId' = $2 order by event_id",
      [auroraId, callId],
    );
  /** Places the queued call (the worker), lets the stand-in play it out, then applies every callback and copies the recording. */
  async function playOut(leadId: string) {
    await runJobs(db);
    const agentSid = (await callsOf(leadId)).at(-1)!.external_id;
    expect(agentSid).toMatch(/^CA[0-9a-f]{32}$/);
    await twilio.current.callEnded(agentSid!);
    await runJobs(db);
    await runJobs(db);
    return (await callsOf(leadId)).at(-1)!;
  }

  it("rings the rep, dials the lead from the organization's number after the recording notice, and keeps the recording", async () => {
    const lead = await aLead();
    const response = await call(clients.rep, lead.id);
    expect(response.status).toBe(200);
    const [queued] = await callsOf(lead.id);
    expect(queued).toMatchObject({ status: "queued", direction: "outbound", author_id: repId });
    expect((await callEventsOf(queued.id)).map((e) => e.type)).toEqual(["call.created"]);

    const done = await playOut(lead.id);
    const placed = twilio.current.requests.find((r) => r.route === "create-call" && r.params.To === repPhone)!;
    expect(placed.params).toMatchObject({ From: connection.number, Url: `${server.url}/webhooks/twilio/${connection.key}/connect/${queued.id}` });
    expect(twilio.current.played.some((p) => p.content === "Esta ligação pode ser gravada.")).toBe(true);
    const leadLeg = [...twilio.current.calls.values()].find((c) => c.to === lead.phone)!;
    expect(leadLeg.from).toBe(connection.number);

    expect(done.status).toBe("completed");
    expect(done.metadata.call).toMatchObject({ leadCallSid: leadLeg.sid, missedBy: null });
    expect(done.metadata.call.durationSeconds).toBeGreaterThanOrEqual(1);
    expect(done.metadata.call.recording).toMatchObject({ state: "stored" });

    // Stored under the organization's prefix, playable with seeking by a member; Twilio's copy is gone.
    const fileId = done.metadata.call.recording!.fileId!;
    const [file] = await db.adminQuery<{ storage_key: string; kind: string }>("select storage_key, kind from stored_files where id = $1", [fileId]);
    expect(file).toMatchObject({ kind: "call_recording", storage_key: `org/${auroraId}/call_recording/${fileId}` });
    const ranged = await download(server, clients.manager, `/o/aurora/files/${fileId}`, { headers: { range: "bytes=0-99" } });
    expect(ranged.status).toBe(206);
    expect(ranged.bytes).toHaveLength(100);
    // Another organization's owner learns nothing, through either organization's URL.
    expect((await download(server, clients.boreal, `/o/aurora/files/${fileId}`)).status).toBe(404);
    expect((await download(server, clients.boreal, `/o/boreal/files/${fileId}`)).status).toBe(404);
    const recording = twilio.current.recordings.find((r) => r.callSid === done.external_id || r.callSid === leadLeg.sid)!;
    expect(recording.deleted).toBe(true);

    const events = await callEventsOf(queued.id);
    expect(events.filter((e) => e.data.ended === true)).toHaveLength(1);
    expect(events.at(-1)!.data).toMatchObject({ status: "completed", recording: true });
    expect(JSON.stringify(events)).not.toContain(lead.phone!);
    const [after] = await db.adminQuery<{ version: number; last_contact_channel: string }>("select version, last_contact_channel from leads where id = $1", [lead.id]);
    expect(after).toMatchObject({ version: lead.version, last_contact_channel: "phone" });
  });

  it("ends as 'você não atendeu' when the rep's own phone does not answer: the lead is never dialled", async () => {
    const lead = await aLead();
    twilio.current.setPhone(repPhone, "no-answer");
    try {
      expect((await call(clients.rep, lead.id)).status).toBe(200);
      const done = await playOut(lead.id);
      expect(done.status).toBe("no-answer");
      expect(done.metadata.call).toMatchObject({ missedBy: "agent", leadCallSid: null, recording: null });
      expect([...twilio.current.calls.values()].some((c) => c.to === lead.phone)).toBe(false);
    } finally {
      twilio.current.setPhone(repPhone, "answer");
    }
  });

  it("follows the lead's leg to busy, with nothing recorded", async () => {
    const lead = await aLead();
    twilio.current.setPhone(lead.phone!, "busy");
    expect((await call(clients.rep, lead.id)).status).toBe(200);
    const done = await playOut(lead.id);
    expect(done.status).toBe("busy");
    expect(done.metadata.call).toMatchObject({ missedBy: null, recording: null });
  });

  it("says so when Twilio has no recording to keep (too short or silent)", async () => {
    const lead = await aLead();
    twilio.current.setRecording("absent");
    try {
      expect((await call(clients.rep, lead.id)).status).toBe(200);
      const done = await playOut(lead.id);
      expect(done.status).toBe("completed");
      expect(done.metadata.call.recording).toMatchObject({ state: "absent", fileId: null });
    } finally {
      twilio.current.setRecording("completed");
    }
  });

  it("ends the call as failed, with Twilio's reason, when Twilio refuses it; a second call may start then", async () => {
    const lead = await aLead();
    twilio.current.failNext("create-call", { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    expect((await call(clients.rep, lead.id)).status).toBe(200);
    await runJobs(db);
    const [failed] = await callsOf(lead.id);
    expect(failed.status).toBe("failed");
    expect(failed.metadata.error?.title).toContain("not a valid phone number");
    expect((await call(clients.rep, lead.id)).status).toBe(200);
    expect((await playOut(lead.id)).status).toBe("completed");
  });
});
