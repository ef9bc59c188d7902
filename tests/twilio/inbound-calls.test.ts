import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { signInDemoCast, type DemoPerson, type TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { download } from "../files/support";
import { organizationId, postBoard, stagesOf, userByEmail } from "../board/support";
import { runJobs } from "../whatsapp/support";
import { aMobile, callSid, createTwilioConnection, postTwilio, type TestTwilioConnection, useTwilioStandIn } from "./support";

interface CallRow {
  id: string;
  lead_id: string;
  status: string;
  direction: string;
  metadata: { call: { answeredById: string | null; voicemail: boolean; recording: { state: string; fileId: string | null } | null } };
}

/**
 * Calls to the organization's number: the caller's lead (or a new one with
 * source `telefone`) gets the call on its timeline while Twilio waits, its
 * assignee's phone rings first, voicemail takes a message when nobody answers.
 */
describe("inbound calls", () => {
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
    connection = await createTwilioConnection(db, auroraId);
    // Only the rep takes calls in this organization: whoever else the seed gave a phone is not rung.
    await db.adminQuery("update users set phone = null where id in (select user_id from organization_members where organization_id = $1)", [auroraId]);
    await db.adminQuery("update users set phone = $2 where id = $1", [repId, repPhone]);
  });
  const twilio = useTwilioStandIn(server, {
    accounts: async () => {
      const hooks = `${server.url}/webhooks/twilio/${connection.key}`;
      return [{ accountSid: connection.accountSid, authToken: connection.authToken, numbers: [connection.number], voiceUrl: `${hooks}/voice`, statusCallbackUrl: `${hooks}/status` }];
    },
    ringMs: 20,
    talkMs: 1100,
    promptMs: 5,
    webhookRetryDelayMs: 20,
  });


  async function aLeadOf(assigneeId: string | null) {
    const fullName = `Lead que liga ${Math.random().toString(36).slice(2)}`;
    expect((await postBoard(clients.owner, "aurora", { intent: "create", stageId, fullName })).status).toBe(200);
    const phone = aMobile();
    const [row] = await db.adminQuery<{ id: string; version: number }>("update leads set phone = $2, assignee_id = $3 where full_name = $1 returning id, version", [fullName, phone, assigneeId]);
    return { ...row, phone };
  }
  const callBySid = (sid: string) =>
    db.adminQuery<CallRow>("select id, lead_id, status, direction, metadata from communications where channel = 'phone' and external_id = $1", [sid]).then((rows) => rows[0]);
  async function playOut(sid: string) {
    await twilio.current.callEnded(sid);
    await runJobs(db);
    await runJobs(db);
    return callBySid(sid);
  }

  it("rings the assignee for a known caller and keeps the conversation's recording on the lead's timeline", async () => {
    const lead = await aLeadOf(repId);
    const sid = twilio.current.placeInboundCall({ from: lead.phone, to: connection.number });
    const done = await playOut(sid);
    expect(done).toMatchObject({ lead_id: lead.id, direction: "inbound", status: "completed" });
    expect(done.metadata.call).toMatchObject({ answeredById: repId, voicemail: false, recording: { state: "stored" } });
    expect([...twilio.current.calls.values()].some((c) => c.to === repPhone)).toBe(true);
    expect(twilio.current.played.some((p) => p.callSid === sid && p.content === "Esta ligação pode ser gravada.")).toBe(true);
    const played = await download(server, clients.rep, `/o/aurora/files/${done.metadata.call.recording!.fileId}`);
    expect(played.status).toBe(200);
    expect(played.headers.get("content-type")).toBe("audio/mpeg");
  });

  it("takes a voicemail when nobody answers, and tells the assignee once the call has ended", async () => {
    const lead = await aLeadOf(repId);
    const sid = twilio.current.placeInboundCall({ from: lead.phone, to: connection.number, noAnswer: true });
    const done = await playOut(sid);
    expect(done.status).toBe("no-answer");
    expect(done.metadata.call).toMatchObject({ answeredById: null, voicemail: true, recording: { state: "stored" } });
    expect(twilio.current.played.some((p) => p.callSid === sid && p.content.startsWith("Olá! No momento não conseguimos atender."))).toBe(true);
    const ended = await db.adminQuery<{ data: Record<string, unknown> }>(
      "select data from realtime_events where type = 'call.updated' and data->>'callId' = $1 and (data->>'ended')::boolean",
      [done.id],
    );
    expect(ended).toHaveLength(1);
    expect(ended[0].data).toMatchObject({ direction: "inbound", status: "no-answer", assigneeId: repId });
    const [after] = await db.adminQuery<{ unread_count: number; last_contact_channel: string; version: number }>(
      "select unread_count, last_contact_channel, version from leads where id = $1",
      [lead.id],
    );
    expect(after).toMatchObject({ unread_count: 1, last_contact_channel: "phone", version: lead.version });
  });

  it("makes an unknown caller a new lead with source telefone", async () => {
    const stranger = aMobile();
    const sid = twilio.current.placeInboundCall({ from: stranger, to: connection.number });
    const done = await playOut(sid);
    const [lead] = await db.adminQuery<{ phone: string; source: string; organization_id: string; full_name: string }>(
      "select phone, source, organization_id, full_name from leads where id = $1",
      [done.lead_id],
    );
    expect(lead).toMatchObject({ phone: stranger, source: "telefone", organization_id: auroraId });
    expect(done.status).toBe("completed");
  });

  it("answers a withheld number or a number the connection does not own without touching any timeline", async () => {
    const before = await db.adminQuery<{ count: string }>("select count(*) from communications where channel = 'phone'");
    const withheld = await postTwilio(server.url, connection, "voice", { CallSid: callSid(), From: "anonymous", To: connection.number, CallStatus: "ringing" });
    expect(withheld.status).toBe(200);
    expect(withheld.body).toContain("<Hangup/>");
    expect(withheld.body).toContain("número oculto");
    const elsewhere = await postTwilio(server.url, connection, "voice", { CallSid: callSid(), From: aMobile(), To: "+551130000000", CallStatus: "ringing" });
    expect(elsewhere.body).toContain("<Hangup/>");
    expect(await db.adminQuery<{ count: string }>("select count(*) from communications where channel = 'phone'")).toEqual(before);
  });

  it("keeps one call when Twilio asks for the same call's TwiML twice", async () => {
    const lead = await aLeadOf(repId);
    const sid = callSid();
    const form = { CallSid: sid, From: lead.phone, To: connection.number, CallStatus: "ringing" };
    const first = await postTwilio(server.url, connection, "voice", form);
    const again = await postTwilio(server.url, connection, "voice", form);
    expect(first.contentType).toContain("text/xml");
    expect(first.body).toContain(repPhone);
    expect(again.body).toBe(first.body);
    expect(await db.adminQuery("select id from communications where external_id = $1", [sid])).toHaveLength(1);
  });

  it("counts a call a member took as answered even when the caller's hang-up is applied before the dial's result", async () => {
    const lead = await aLeadOf(repId);
    const sid = callSid();
    const memberLeg = callSid();
    expect((await postTwilio(server.url, connection, "voice", { CallSid: sid, From: lead.phone, To: connection.number, CallStatus: "ringing" })).body).toContain(repPhone);
    const { id } = await callBySid(sid);
    await postTwilio(server.url, connection, `status?callId=${id}&leg=member&attempt=0`, { CallSid: memberLeg, CallStatus: "in-progress" });
    await runJobs(db);
    // The number's status callback (the caller hung up) is applied first; the <Dial>'s result comes after.
    await postTwilio(server.url, connection, "status", { CallSid: sid, CallStatus: "completed", CallDuration: "31" });
    await runJobs(db);
    expect(await callBySid(sid)).toMatchObject({ status: "completed", metadata: { call: { answeredById: repId } } });
    const dialed = await postTwilio(server.url, connection, `voice?callId=${id}&attempt=1`, { CallSid: sid, DialCallStatus: "completed", DialCallSid: memberLeg, DialCallDuration: "30" });
    expect(dialed.body).toContain("<Hangup/>");
    await runJobs(db);
    expect(await callBySid(sid)).toMatchObject({ status: "completed", metadata: { call: { answeredById: repId } } });
    const [after] = await db.adminQuery<{ unread_count: number }>("select unread_count from leads where id = $1", [lead.id]);
    expect(after.unread_count).toBe(0);
  });

  it("hangs up, rather than failing with a 500, on a signed voice request whose query we never wrote", async () => {
    for (const query of ["callId=not-a-uuid&attempt=1", `callId=${randomUUID()}&attempt=-1`, `callId=${randomUUID()}&attempt=x`]) {
      const answer = await postTwilio(server.url, connection, `voice?${query}`, { CallSid: callSid(), DialCallStatus: "no-answer" });
      expect(answer.status, query).toBe(200);
      expect(answer.body, query).toContain("<Hangup/>");
    }
  });
});
