import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTwilioStandIn, type TwilioStandIn } from "~/server/twilio-stand-in";
import { twilioClientAt } from "~/modules/twilio/twilio-client.server";
import { startFakeApp } from "./stand-in-fake-app";

const AURORA = { accountSid: "AC00000000000000000000000000a0a001", authToken: "aurora-test-token", numbers: ["+551140000002"] };
const BOREAL = { accountSid: "AC00000000000000000000000000b0b002", authToken: "boreal-test-token", numbers: ["+552140000002"] };
const REP = "+5511912345678";
const LEAD = "+5511987654321";
const FIXTURE = readFileSync(new URL("../../app/server/fixtures/call-recording.mp3", import.meta.url));

const basic = (account: { accountSid: string; authToken: string }) => `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString("base64")}`;

describe("Twilio stand-in", () => {
  let app: Awaited<ReturnType<typeof startFakeApp>>;
  let standIn: TwilioStandIn;
  const client = () => twilioClientAt(standIn.url, AURORA);
  /** What the app saw, in order: the path and the parameters a test cares about. */
  const seen = (...names: string[]) => app.received.map((item) => [item.path, ...names.map((name) => item.params[name] ?? "-")]);

  beforeAll(async () => {
    app = await startFakeApp(AURORA.authToken);
    standIn = await startTwilioStandIn({
      accounts: [
        { ...AURORA, voiceUrl: `${app.url}/voice`, statusCallbackUrl: `${app.url}/number-status` },
        { ...BOREAL, voiceUrl: `${app.url}/boreal-voice` },
      ],
      ringMs: 30,
      talkMs: 200,
      promptMs: 10,
      webhookRetryDelayMs: 20,
    });
  });
  afterAll(async () => {
    await standIn.close();
    await app.close();
  });
  afterEach(() => {
    app.received.length = 0;
    standIn.events.length = 0;
    standIn.requests.length = 0;
    standIn.errors.length = 0;
    standIn.played.length = 0;
    standIn.setPhone(REP, "answer");
    standIn.setPhone(LEAD, "answer");
    standIn.setRecording("completed");
  });

  /** Click-to-call as the app will place it: ring the rep, whose answer fetches the TwiML that dials the lead. */
  function clickToCall() {
    return client().calls.create({
      to: REP,
      from: AURORA.numbers[0],
      url: `${app.url}/agent`,
      statusCallback: `${app.url}/status`,
      statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
    });
  }

  const dialLead = (extra = "") =>
    `<?xml version="1.0" encoding="UTF-8"?><Response><Dial action="/dial-done" callerId="${AURORA.numbers[0]}" timeout="20" ${extra}>` +
    `<Number url="/whisper" statusCallback="/child-status" statusCallbackEvent="initiated ringing answered completed">${LEAD}</Number></Dial></Response>`;

  it("creates a call through the twilio client with a rewriting httpClient, in Twilio's resource format", async () => {
    app.answer("/agent", { twiml: "<Response><Hangup/></Response>" });
    const call = await clickToCall();
    expect(call).toMatchObject({ sid: expect.stringMatching(/^CA[0-9a-f]{32}$/), accountSid: AURORA.accountSid, status: "queued", direction: "outbound-api", from: AURORA.numbers[0], to: REP, apiVersion: "2010-04-01" });
    expect(call.dateCreated).toBeInstanceOf(Date);
    expect(standIn.requests).toEqual([
      {
        route: "create-call",
        method: "POST",
        path: `/2010-04-01/Accounts/${AURORA.accountSid}/Calls.json`,
        username: AURORA.accountSid,
        params: { To: REP, From: AURORA.numbers[0], Url: `${app.url}/agent`, StatusCallback: `${app.url}/status`, StatusCallbackEvent: ["initiated", "ringing", "answered", "completed"] },
      },
    ]);
    await standIn.callEnded(call.sid);
    const fetched = await client().calls(call.sid).fetch();
    expect(fetched).toMatchObject({ sid: call.sid, status: "completed", duration: expect.stringMatching(/^\d+$/) });
    expect(fetched.endTime).toBeInstanceOf(Date);
  });

  it("plays click-to-call: rep answers, TwiML dials the lead, whisper, child statuses, recording, Dial action, parent completed — all signed", async () => {
    app.answer("/agent", { twiml: dialLead('record="record-from-answer-dual" recordingStatusCallback="/recording" recordingStatusCallbackEvent="completed"') });
    app.answer("/whisper", { twiml: '<Response><Say language="pt-BR">Esta ligação será gravada.</Say></Response>' });
    app.answer("/dial-done", { twiml: "<Response><Hangup/></Response>" });
    const call = await clickToCall();
    await standIn.callEnded(call.sid);

    const child = [...standIn.calls.values()].find((item) => item.parentCallSid === call.sid)!;
    expect(child).toMatchObject({ direction: "outbound-dial", from: AURORA.numbers[0], to: LEAD, status: "completed" });
    expect(seen("CallSid", "CallStatus", "SequenceNumber")).toEqual([
      ["/status", call.sid, "initiated", "0"],
      ["/status", call.sid, "ringing", "1"],
      ["/status", call.sid, "in-progress", "2"],
      ["/agent", call.sid, "in-progress", "-"],
      ["/child-status", child.sid, "initiated", "0"],
      ["/child-status", child.sid, "ringing", "1"],
      ["/child-status", child.sid, "in-progress", "2"],
      ["/whisper", child.sid, "in-progress", "-"],
      ["/child-status", child.sid, "completed", "3"],
      ["/recording", call.sid, "-", "-"],
      ["/dial-done", call.sid, "in-progress", "-"],
      ["/status", call.sid, "completed", "3"],
    ]);
    expect(app.received.every((item) => item.signed)).toBe(true);
    expect(standIn.errors).toEqual([]);
    expect(standIn.played).toEqual([{ callSid: child.sid, verb: "Say", content: "Esta ligação será gravada." }]);

    const byPath = (path: string) => app.received.filter((item) => item.path === path).map((item) => item.params);
    expect(byPath("/agent")[0]).toMatchObject({ AccountSid: AURORA.accountSid, ApiVersion: "2010-04-01", Direction: "outbound-api", From: AURORA.numbers[0], To: REP, Called: REP, Caller: AURORA.numbers[0] });
    expect(byPath("/whisper")[0]).toMatchObject({ ParentCallSid: call.sid, Direction: "outbound-dial", To: LEAD });
    expect(byPath("/status")[0]).toMatchObject({ CallbackSource: "call-progress-events", Timestamp: expect.stringMatching(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/) });
    expect(byPath("/child-status")[3]).toMatchObject({ CallDuration: "1", ParentCallSid: call.sid });
    expect(byPath("/status")[3].CallDuration).toMatch(/^[1-9]\d*$/);

    const [recording] = standIn.recordings;
    expect(recording).toMatchObject({ sid: expect.stringMatching(/^RE[0-9a-f]{32}$/), callSid: call.sid, source: "DialVerb", channels: 2, deleted: false });
    const recordingUrl = `${standIn.url}/2010-04-01/Accounts/${AURORA.accountSid}/Recordings/${recording.sid}`;
    expect(byPath("/recording")[0]).toEqual({
      AccountSid: AURORA.accountSid,
      CallSid: call.sid,
      RecordingSid: recording.sid,
      RecordingUrl: recordingUrl,
      RecordingStatus: "completed",
      RecordingDuration: "1",
      RecordingChannels: "2",
      RecordingSource: "DialVerb",
      RecordingStartTime: expect.any(String),
      ErrorCode: "0",
    });
    expect(byPath("/dial-done")[0]).toMatchObject({ DialCallStatus: "completed", DialCallSid: child.sid, DialCallDuration: "1", DialBridged: "true", RecordingUrl: recordingUrl, RecordingSid: recording.sid });
  });

  it("reports the rep not answering: no TwiML is fetched", async () => {
    standIn.setPhone(REP, "no-answer");
    const call = await clickToCall();
    expect(await standIn.callEnded(call.sid)).toMatchObject({ status: "no-answer", durationSeconds: 0 });
    expect(seen("CallStatus")).toEqual([
      ["/status", "initiated"],
      ["/status", "ringing"],
      ["/status", "no-answer"],
    ]);
    expect(app.received[2].params.CallDuration).toBeUndefined();
  });

  it("reports a busy lead to the Dial action, which decides what comes next", async () => {
    standIn.setPhone(LEAD, "busy");
    app.answer("/agent", { twiml: dialLead('record="record-from-answer" recordingStatusCallback="/recording"') });
    app.answer("/dial-done", { twiml: "<Response><Say>O cliente está ocupado.</Say><Hangup/></Response>" });
    const call = await clickToCall();
    await standIn.callEnded(call.sid);
    expect(seen("CallStatus", "DialCallStatus", "DialCallDuration")).toEqual([
      ["/status", "initiated", "-", "-"],
      ["/status", "ringing", "-", "-"],
      ["/status", "in-progress", "-", "-"],
      ["/agent", "in-progress", "-", "-"],
      ["/child-status", "initiated", "-", "-"],
      ["/child-status", "busy", "-", "-"],
      ["/dial-done", "in-progress", "busy", "0"],
      ["/status", "completed", "-", "-"],
    ]);
    expect(app.received[6].params.RecordingUrl).toBeUndefined();
    expect(standIn.recordings.filter((item) => item.callSid === call.sid)).toEqual([]);
    expect(standIn.played).toEqual([{ callSid: call.sid, verb: "Say", content: "O cliente está ocupado." }]);
  });

  it("takes an inbound call: voice URL, an unanswered Dial, its action, a voicemail, the number's status callback", async () => {
    app.answer("/voice", { twiml: '<Response><Redirect method="GET">/inbound-route?team=sales</Redirect></Response>' });
    app.answer("/inbound-route", { twiml: `<Response><Dial action="/inbound-dial-done" timeout="15"><Number>${REP}</Number></Dial></Response>` });
    app.answer("/inbound-dial-done", { twiml: '<Response><Say>Deixe sua mensagem.</Say><Record action="/voicemail" maxLength="120" recordingStatusCallback="/recording"/></Response>' });
    const callSid = standIn.placeInboundCall({ from: LEAD, to: AURORA.numbers[0], noAnswer: true });
    expect(await standIn.callEnded(callSid)).toMatchObject({ direction: "inbound", status: "completed", from: LEAD, to: AURORA.numbers[0] });
    expect(seen("CallSid", "CallStatus", "DialCallStatus")).toEqual([
      ["/voice", callSid, "ringing", "-"],
      ["/inbound-route", callSid, "in-progress", "-"],
      ["/inbound-dial-done", callSid, "in-progress", "no-answer"],
      ["/recording", callSid, "-", "-"],
      ["/voicemail", callSid, "completed", "-"],
      ["/number-status", callSid, "completed", "-"],
    ]);
    expect(app.received.every((item) => item.signed)).toBe(true);
    expect(app.received[0].params).toMatchObject({ Direction: "inbound", From: LEAD, Caller: LEAD, To: AURORA.numbers[0], Called: AURORA.numbers[0], AccountSid: AURORA.accountSid });
    const recording = standIn.recordings.find((item) => item.callSid === callSid)!;
    expect(recording).toMatchObject({ source: "RecordVerb", channels: 1 });
    expect(app.received[1]).toMatchObject({ method: "GET", params: { team: "sales", AccountSid: AURORA.accountSid } });
    expect(app.received[3].params).toMatchObject({ RecordingSid: recording.sid, RecordingStatus: "completed", RecordingSource: "RecordVerb", RecordingChannels: "1" });
    expect(app.received[4].params).toMatchObject({ RecordingSid: recording.sid, RecordingUrl: app.received[3].params.RecordingUrl, RecordingDuration: "1", Digits: "hangup" });
    expect(app.received[5].params.CallDuration).toMatch(/^[1-9]\d*$/);
    const dialed = [...standIn.calls.values()].find((item) => item.parentCallSid === callSid);
    expect(dialed).toMatchObject({ to: REP, from: LEAD, status: "no-answer" });
  });

  it("places inbound calls through its loopback control endpoint, for call:simulate", async () => {
    const place = (body: unknown) => fetch(`${standIn.url}/_stand-in/inbound`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    app.answer("/boreal-voice", { twiml: "<Response><Hangup/></Response>" });
    const placed = await place({ from: LEAD, to: BOREAL.numbers[0] });
    expect(placed.status).toBe(201);
    const { callSid } = (await placed.json()) as { callSid: string };
    expect(await standIn.callEnded(callSid)).toMatchObject({ accountSid: BOREAL.accountSid, status: "completed" });
    expect(app.received.map((item) => item.path)).toEqual(["/boreal-voice"]);
    expect((await place({ from: LEAD, to: "+5599999999999" })).status).toBe(404);
    expect((await place({ from: "abc", to: BOREAL.numbers[0] })).status).toBe(400);
    expect((await place({ to: BOREAL.numbers[0] })).status).toBe(400);
  });

  it("reports a silent recording as absent to those who asked, without a recording URL", async () => {
    standIn.setRecording("absent");
    app.answer("/agent", { twiml: dialLead('record="record-from-answer" recordingStatusCallback="/recording" recordingStatusCallbackEvent="completed absent"') });
    const call = await clickToCall();
    await standIn.callEnded(call.sid);
    const recording = app.received.find((item) => item.path === "/recording")!;
    expect(recording.params).toMatchObject({ RecordingStatus: "absent", RecordingDuration: "0", RecordingSid: expect.stringMatching(/^RE/) });
    expect(recording.params.RecordingUrl).toBeUndefined();
    const action = app.received.find((item) => item.path === "/dial-done")!;
    expect(action.params).toMatchObject({ DialCallStatus: "completed" });
    expect(action.params.RecordingUrl).toBeUndefined();
    expect(standIn.recordings.filter((item) => item.callSid === call.sid)).toEqual([]);
  });

  it("serves a recording's MP3 only with the account's credentials, fails on demand, and deletes it", async () => {
    app.answer("/agent", { twiml: dialLead('record="record-from-answer-dual"') });
    const call = await clickToCall();
    await standIn.callEnded(call.sid);
    const recording = standIn.recordings.find((item) => item.callSid === call.sid)!;
    const mediaUrl = `${standIn.url}/2010-04-01/Accounts/${AURORA.accountSid}/Recordings/${recording.sid}`;

    expect((await fetch(`${mediaUrl}.mp3`)).status).toBe(401);
    expect((await fetch(`${mediaUrl}.mp3`, { headers: { authorization: basic(BOREAL) } })).status).toBe(404);
    const media = await fetch(`${mediaUrl}.mp3`, { headers: { authorization: basic(AURORA) } });
    expect(media.headers.get("content-type")).toBe("audio/mpeg");
    expect(Buffer.from(await media.arrayBuffer())).toEqual(FIXTURE);
    const wav = await fetch(mediaUrl, { headers: { authorization: basic(AURORA) } });
    expect(wav.headers.get("content-type")).toBe("audio/x-wav");
    expect(Buffer.from(await wav.arrayBuffer()).subarray(0, 4).toString()).toBe("RIFF");

    standIn.failNext("recording-media", { status: 500 }, 2);
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++) statuses.push((await fetch(`${mediaUrl}.mp3`, { headers: { authorization: basic(AURORA) } })).status);
    expect(statuses).toEqual([500, 500, 200]);

    expect(await client().recordings(recording.sid).remove()).toBe(true);
    expect(standIn.recordings.find((item) => item.sid === recording.sid)?.deleted).toBe(true);
    expect((await fetch(`${mediaUrl}.mp3`, { headers: { authorization: basic(AURORA) } })).status).toBe(404);
    await expect(client().recordings(recording.sid).remove()).rejects.toMatchObject({ status: 404, code: 20404 });
  });

  it("refuses bad REST requests the way Twilio does", async () => {
    const create = (params: Partial<{ to: string; from: string; url: string }>, account = AURORA) =>
      twilioClientAt(standIn.url, account)
        .calls.create({ to: REP, from: AURORA.numbers[0], url: `${app.url}/agent`, ...params })
        .then(
          () => null,
          (error: { status: number; code: number; moreInfo: string }) => ({ status: error.status, code: error.code, moreInfo: error.moreInfo }),
        );
    expect(await create({}, { ...AURORA, authToken: "wrong" })).toEqual({ status: 401, code: 20003, moreInfo: "https://www.twilio.com/docs/errors/20003" });
    expect(await create({ to: "11 98765-4321" })).toMatchObject({ status: 400, code: 21211 });
    expect(await create({ from: "not a number" })).toMatchObject({ status: 400, code: 21212 });
    expect(await create({ from: BOREAL.numbers[0] })).toMatchObject({ status: 400, code: 21210 });
    expect(await create({ url: "not a url" })).toMatchObject({ status: 400, code: 21205 });

    const otherAccount = await fetch(`${standIn.url}/2010-04-01/Accounts/${AURORA.accountSid}/Calls.json`, {
      method: "POST",
      headers: { authorization: basic(BOREAL), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ To: REP, From: BOREAL.numbers[0], Url: `${app.url}/agent` }),
    });
    expect(otherAccount.status).toBe(404);
    expect(await otherAccount.json()).toMatchObject({ code: 20404, status: 404, message: expect.any(String), more_info: expect.any(String) });

    standIn.failNext("create-call", { status: 503 });
    standIn.failNext("create-call", { status: 429 });
    expect(await create({})).toMatchObject({ status: 503, code: 20503 });
    expect(await create({})).toMatchObject({ status: 429, code: 20429 });
    app.answer("/agent", { twiml: "<Response><Hangup/></Response>" });
    const call = await clickToCall();
    await standIn.callEnded(call.sid);
    await expect(client().calls("CA00000000000000000000000000000000").fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
    await expect(twilioClientAt(standIn.url, BOREAL).calls(call.sid).fetch()).rejects.toMatchObject({ status: 404 });
    expect(standIn.requests.filter((item) => item.route === "create-call")).toHaveLength(9);
  });

  it("retries callbacks the app fails with 5xx, gives up on an unreachable one, and hangs up on TwiML it cannot run or that is not XML", async () => {
    let failures = 2;
    app.answer("/status", () => (failures-- > 0 ? { status: 503 } : {}));
    app.answer("/agent", { twiml: "<Response><Sing>la</Sing></Response>" });
    const call = await clickToCall();
    await standIn.callEnded(call.sid);
    const initiated = standIn.events.find((event) => event.kind === "status" && event.params.CallStatus === "initiated")!;
    expect(initiated).toMatchObject({ status: 200, attempts: 3 });
    expect(standIn.errors).toEqual([{ callSid: call.sid, code: 12100, message: expect.stringContaining("<Sing>") }]);
    expect(standIn.calls.get(call.sid)?.status).toBe("completed");

    app.answer("/agent", { status: 500 });
    const unreachable = await client().calls.create({ to: REP, from: AURORA.numbers[0], url: `${app.url}/agent`, statusCallback: "http://127.0.0.1:9/status" });
    await standIn.callEnded(unreachable.sid);
    expect(standIn.events.filter((event) => event.callSid === unreachable.sid).map((event) => [event.kind, event.status, event.attempts])).toEqual([
      ["voice", 500, 3],
      ["status", null, 3],
    ]);
    expect(standIn.errors.at(-1)).toMatchObject({ callSid: unreachable.sid, code: 11200 });

    app.answer("/agent", { twiml: "<html><body>Oops</body></html>", contentType: "text/html" });
    const html = await clickToCall();
    await standIn.callEnded(html.sid);
    expect(standIn.errors.at(-1)).toMatchObject({ callSid: html.sid, code: 12300 });
  });
});
