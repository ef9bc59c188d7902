import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnv } from "~/utils/env.server";
import { fetchCallRecording } from "~/modules/calls/fetch-call-recording.server";
import { startTwilioStandIn, type TwilioStandIn } from "~/server/twilio-stand-in";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { organizationId, stagesOf } from "../board/support";
import { runJobs } from "../whatsapp/support";
import { aMobile, callSid, createTwilioConnection, postTwilio, recordingSid, type TestTwilioConnection } from "./support";

/**
 * Twilio's routes as an outsider and as a confused Twilio meet them: forged or
 * missing signatures, another account's SID, a URL signed for another host,
 * another organization's call; callbacks repeated and out of order; a
 * recording whose download fails.
 */
describe("Twilio webhooks", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  let connection: TestTwilioConnection;
  let other: TestTwilioConnection;
  let auroraId = "";
  let stageId = "";
  const saved = { appUrl: process.env.APP_URL, api: process.env.TWILIO_API_URL };

  beforeAll(async () => {
    auroraId = await organizationId(db, "aurora");
    stageId = (await stagesOf(db, auroraId))[0].id;
    connection = await createTwilioConnection(db, auroraId);
    other = await createTwilioConnection(db, await organizationId(db, "boreal"));
    process.env.APP_URL = server.url;
    resetEnv();
  });

  afterAll(() => {
    for (const [name, value] of [["APP_URL", saved.appUrl], ["TWILIO_API_URL", saved.api]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnv();
  });

  const inboxCount = async () => Number((await db.adminQuery<{ count: string }>("select count(*) from webhook_inbox where provider = 'twilio'"))[0].count);

  /** A click-to-call of aurora's in the state a test needs, written as startCall writes it. */
  async function aCall(status = "queued", over: Record<string, unknown> = {}) {
    const leadId = randomUUID();
    await db.adminQuery(
      `insert into leads (id, organization_id, full_name, phone, stage_id, position, created_at, updated_at) values ($1, $2, 'Lead de teste', $3, $4, 'zz' || md5(random()::text), now(), now())`,
      [leadId, auroraId, aMobile(), stageId],
    );
    const id = randomUUID();
    const call = { connectionId: connection.id, orgNumber: connection.number, leadPhone: aMobile(), agentPhone: aMobile(), ...over };
    await db.adminQuery(
      `insert into communications (id, organization_id, lead_id, channel, direction, content, metadata, status, sent_at, created_at, updated_at)
       values ($1, $2, $3, 'phone', 'outbound', '', $4::jsonb, $5, now(), now(), now())`,
      [id, auroraId, leadId, JSON.stringify({ kind: "call", call }), status],
    );
    return id;
  }
  const callRow = (id: string) =>
    db.adminQuery<{ status: string; metadata: { call: Record<string, unknown> } }>("select status, metadata from communications where id = $1", [id]).then((r) => r[0]);

  describe("refuses what Twilio did not send, storing nothing", () => {
    it.each([
      ["no signature", { signature: null }],
      ["a forged signature", { signature: "c2lnbmF0dXJlIGZvcmdlZA==" }],
      ["the wrong auth token", { token: "0".repeat(32) }],
      ["a URL signed for another host", { publicUrl: "https://evil.example" }],
    ])("%s: 401", async (_name, options) => {
      const before = await inboxCount();
      const answer = await postTwilio(server.url, connection, "status?leg=lead&callId=" + randomUUID(), { CallSid: callSid(), CallStatus: "completed" }, options);
      expect(answer.status).toBe(401);
      expect(answer.body).not.toMatch(/twilio_connections|at |\/work\//);
      expect(await inboxCount()).toBe(before);
    });

    it("another account's SID, even correctly signed with this connection's token: 401", async () => {
      const before = await inboxCount();
      const answer = await postTwilio(server.url, { ...connection, accountSid: other.accountSid }, "recording?callId=" + randomUUID(), {
        CallSid: callSid(),
        RecordingSid: recordingSid(),
        RecordingStatus: "completed",
      });
      expect(answer.status).toBe(401);
      expect(await inboxCount()).toBe(before);
    });

    it("a key that names no connection: 404; a GET: 405; a voice request signed with another connection's token: 401", async () => {
      expect((await postTwilio(server.url, { ...connection, key: "x".repeat(43) }, "voice", { CallSid: callSid() })).status).toBe(404);
      expect((await fetch(`${server.url}/webhooks/twilio/${connection.key}/status`)).status).toBe(405);
      const forged = await postTwilio(server.url, { ...connection, authToken: other.authToken }, "voice", { CallSid: callSid(), From: aMobile(), To: connection.number });
      expect(forged.status).toBe(401);
    });

    it("an oversized body is refused before it is read", async () => {
      const response = await fetch(`${server.url}/webhooks/twilio/${connection.key}/status`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "x" },
        body: `CallSid=${"A".repeat(2 * 1024 * 1024)}`,
      });
      expect(response.status).toBe(413);
    });
  });

  it("applies callbacks once and never backwards, whatever order and however often they come", async () => {
    const id = await aCall("initiated");
    const leg = callSid();
    const post = (status: string, extra: Record<string, string> = {}) =>
      postTwilio(server.url, connection, `status?callId=${id}&leg=lead`, { CallSid: leg, CallStatus: status, ...extra });
    expect((await post("completed", { CallDuration: "42" })).status).toBe(200);
    expect((await post("completed", { CallDuration: "42" })).status).toBe(200);
    await post("ringing");
    await post("in-progress");
    expect(await db.adminQuery("select id from webhook_inbox where dedup_key like $1", [`status:${leg}:%`])).toHaveLength(3);
    await runJobs(db);
    const row = await callRow(id);
    expect(row.status).toBe("completed");
    expect(row.metadata.call).toMatchObject({ durationSeconds: 42, leadCallSid: leg });
    const events = await db.adminQuery<{ data: { status: string; ended: boolean } }>("select data from realtime_events where type = 'call.updated' and data->>'callId' = $1", [id]);
    expect(events.map((e) => e.data.status)).toEqual(["completed"]);
  });

  it("sets aside a callback about another organization's call sent through this connection", async () => {
    const borealCall = randomUUID();
    const answer = await postTwilio(server.url, connection, `recording?callId=${borealCall}`, { CallSid: callSid(), RecordingSid: recordingSid(), RecordingStatus: "completed" });
    expect(answer.status).toBe(200);
    await runJobs(db);
    const [row] = await db.adminQuery<{ status: string; reason: string }>("select status, reason from webhook_inbox where payload->>'callId' = $1", [borealCall]);
    expect(row).toMatchObject({ status: "ignored", reason: "recording for a call this organization does not have" });
  });

  it("sets aside a callback about a call of the same organization placed through its other Twilio account", async () => {
    const second = await createTwilioConnection(db, auroraId);
    const id = await aCall("in-progress");
    await postTwilio(server.url, second, `status?callId=${id}&leg=lead`, { CallSid: callSid(), CallStatus: "failed" });
    await runJobs(db);
    expect((await callRow(id)).status).toBe("in-progress");
  });

  it("keeps Twilio's copy of a recording until its download succeeds, and marks it unavailable after the last attempt", async () => {
    const standIn: TwilioStandIn = await startTwilioStandIn({ accounts: [{ accountSid: connection.accountSid, authToken: connection.authToken, numbers: [connection.number] }] });
    process.env.TWILIO_API_URL = standIn.url;
    resetEnv();
    try {
      const sid = recordingSid();
      const id = await aCall("completed", { recording: { state: "pending", recordingSid: sid, fileId: null, durationSeconds: 3 } });
      standIn.failNext("recording-media", { status: 500 }, 2);
      // The first attempt meets Twilio's 500 and is thrown to be retried; the last one gives up.
      await expect(fetchCallRecording({ organizationId: auroraId, callId: id, recordingSid: sid }, { lastAttempt: false })).rejects.toThrow();
      expect((await callRow(id)).metadata.call).toMatchObject({ recording: { state: "pending" } });
      await fetchCallRecording({ organizationId: auroraId, callId: id, recordingSid: sid }, { lastAttempt: true });
      expect((await callRow(id)).metadata.call).toMatchObject({ recording: { state: "failed", fileId: null } });
      expect(standIn.requests.filter((r) => r.route === "delete-recording")).toHaveLength(0);
    } finally {
      await standIn.close();
    }
  });

  it("answers TwiML for a click-to-call only for this connection's live calls", async () => {
    const unknown = await postTwilio(server.url, connection, `connect/${randomUUID()}`, { CallSid: callSid(), CallStatus: "in-progress" });
    expect(unknown.body).toContain("<Hangup/>");
    const notAnId = await postTwilio(server.url, connection, "connect/not-a-uuid", { CallSid: callSid(), CallStatus: "in-progress" });
    expect(notAnId.body).toContain("<Hangup/>");
    const id = await aCall("initiated");
    const foreign = await postTwilio(server.url, other, `connect/${id}`, { CallSid: callSid(), CallStatus: "in-progress" });
    expect(foreign.body).toContain("<Hangup/>");
    const live = await postTwilio(server.url, connection, `connect/${id}`, { CallSid: callSid(), CallStatus: "in-progress" });
    expect(live.contentType).toContain("text/xml");
    expect(live.body).toContain("<Dial");
    expect(live.body).toContain('record="record-from-answer-dual"');
    await db.adminQuery("update twilio_connections set record_calls = false where id = $1", [connection.id]);
    const unrecorded = await postTwilio(server.url, connection, `connect/${id}`, { CallSid: callSid(), CallStatus: "in-progress" });
    expect(unrecorded.body).not.toContain("record=");
    expect(unrecorded.body).not.toContain("step=notice");
    await db.adminQuery("update twilio_connections set record_calls = true where id = $1", [connection.id]);
  });
});
