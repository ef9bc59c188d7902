import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { planCallTranscript } from "~/modules/ai/plan-call-transcript.server";
import { lockCall } from "~/modules/calls/lock-call.server";
import { saveCall } from "~/modules/calls/save-call.server";
import { storeFile } from "~/modules/files/store-file.server";
import { newCallMetadata } from "~/modules/timeline/entry-metadata.server";
import { withOrganization } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { signInDemoCast, type DemoPerson, type TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { organizationId, stagesOf } from "../board/support";
import { runJobs } from "../whatsapp/support";
import { aLead, chatRequests, sentText, setAi, setEnv, summaryJobsDueNow, useOpenAiFake } from "./support";

const RECORDING = new URL("../../app/server/fixtures/call-recording.mp3", import.meta.url);
type Transcript = { state: string; text: string | null; model: string | null; reason: string | null } | null;

/**
 * A call's stored recording is transcribed through the real `openai` client
 * (multipart audio to the loopback fake) when AI is on and a key is set; the
 * transcript joins the call and feeds the next summary. Otherwise the call
 * says the transcript is unavailable and nothing is sent.
 */
describe("transcribing call recordings", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const fake = useOpenAiFake({ AI_SUMMARY_DELAY_MS: "0" });
  let clients: Record<DemoPerson, TestClient>;
  let aurora = "";
  let stageId = "";
  let audio: Buffer;

  beforeAll(async () => {
    clients = await signInDemoCast(server);
    aurora = await organizationId(db, "aurora");
    stageId = (await stagesOf(db, aurora))[0].id;
    audio = await readFile(RECORDING);
    await setAi(db, aurora, { enabled: true, monthlyLimit: 1000 });
  });

  /** A completed call whose recording was just copied into storage, as the recording job leaves it. */
  async function aRecordedCall() {
    const lead = await aLead(db, clients.owner, "aurora", stageId, { phone: "+5511987651234" });
    const callId = randomUUID();
    const call = newCallMetadata({ connectionId: randomUUID(), orgNumber: "+551140000002", leadPhone: "+5511987651234", durationSeconds: 42, recording: { state: "pending", recordingSid: `RE${"a".repeat(32)}`, fileId: null, durationSeconds: 42 } });
    await db.adminQuery(
      `insert into communications (id, organization_id, lead_id, channel, direction, content, metadata, status, sent_at, created_at, updated_at)
       values ($1, $2, $3, 'phone', 'outbound', '', $4::jsonb, 'completed', now(), now(), now())`,
      [callId, aurora, lead.id, JSON.stringify({ kind: "call", call })],
    );
    const file = await storeFile({ organizationId: aurora, kind: "call_recording", contentType: "audio/mpeg", originalName: "gravacao.mp3", body: audio, maxBytes: 10_000_000, communicationId: callId });
    const transcript = await withOrganization(aurora, async (tx) => {
      const locked = (await lockCall(tx, aurora, callId))!;
      const planned = await planCallTranscript(tx, aurora, callId);
      await saveCall(tx, aurora, locked, { call: { recording: { ...locked.call.recording!, state: "stored", fileId: file.id }, transcript: planned } });
      return planned;
    });
    return { lead, callId, transcript, fileId: file.id };
  }
  const transcriptOf = async (callId: string) =>
    (await db.adminQuery<{ transcript: Transcript }>("select metadata->'call'->'transcript' as transcript from communications where id = $1", [callId]))[0].transcript;
  const uploads = () => fake.current.requests.filter((request) => request.path.endsWith("/audio/transcriptions")).length;
  const usageOf = (callId: string) => db.adminQuery("select kind, model, succeeded from ai_usage where communication_id = $1", [callId]);

  it("sends the stored audio, keeps the transcript on the call, records the usage, and feeds the next summary", async () => {
    const { lead, callId, transcript } = await aRecordedCall();
    expect(transcript.state).toBe("pending");
    await runJobs(db);
    const upload = fake.current.requests.find((request) => request.path.endsWith("/audio/transcriptions"));
    expect(upload?.file?.size).toBe(audio.length);
    expect(upload?.fields?.model).toBe(getEnv().OPENAI_TRANSCRIPTION_MODEL);
    const done = await transcriptOf(callId);
    expect(done).toMatchObject({ state: "done", reason: null });
    expect(done!.text!.length).toBeGreaterThan(20);
    const [usage] = await db.adminQuery("select kind, succeeded from ai_usage where communication_id = $1", [callId]);
    expect(usage).toEqual({ kind: "transcription", succeeded: true });
    const events = await db.adminQuery<{ data: { status: string } }>("select data from realtime_events where type = 'call.updated' and data->>'callId' = $1", [callId]);
    expect(events.length).toBeGreaterThanOrEqual(2);

    await summaryJobsDueNow(db);
    await runJobs(db);
    const request = chatRequests(fake.current).find((candidate) => sentText(candidate).includes(lead.fullName));
    expect(sentText(request!)).toContain(done!.text!.slice(0, 40));
  });

  it("a provider failure leaves the call saying so, with a short reason", async () => {
    setEnv({ OPENAI_MAX_RETRIES: "0" });
    try {
      const { callId } = await aRecordedCall();
      fake.current.script({ status: 500 });
      await runJobs(db);
      const failed = await transcriptOf(callId);
      expect(failed).toMatchObject({ state: "failed", text: null });
      expect(failed!.reason).toMatch(/HTTP 500/);
    } finally {
      setEnv({ OPENAI_MAX_RETRIES: "2" });
    }
  });

  it("without a key, or with AI off, the transcript is unavailable and nothing is sent", async () => {
    const before = uploads();
    setEnv({ OPENAI_API_KEY: undefined });
    try {
      const { callId, transcript } = await aRecordedCall();
      expect(transcript).toEqual({ state: "unavailable", text: null, model: null, reason: "no-provider" });
      await runJobs(db);
      expect((await transcriptOf(callId))!.state).toBe("unavailable");
    } finally {
      setEnv({ OPENAI_API_KEY: fake.current.apiKey });
    }
    await setAi(db, aurora, { enabled: false });
    try {
      const { transcript } = await aRecordedCall();
      expect(transcript).toMatchObject({ state: "unavailable", reason: "ai-off" });
      await runJobs(db);
    } finally {
      await setAi(db, aurora, { enabled: true });
    }
    expect(uploads()).toBe(before);
  });

  it("a recording larger than OpenAI accepts (25 MB) is not sent: the transcript fails saying so, and no usage is recorded", async () => {
    const before = uploads();
    const { callId, fileId } = await aRecordedCall();
    await db.adminQuery("update stored_files set size_bytes = $2 where id = $1", [fileId, 25 * 1024 * 1024 + 1]);
    await runJobs(db);
    expect(await transcriptOf(callId)).toEqual({ state: "failed", text: null, model: null, reason: "too-large" });
    expect(uploads()).toBe(before);
    expect(await usageOf(callId)).toEqual([]);
  });

  it("a recording gone from storage fails the transcript instead of leaving it pending", async () => {
    const before = uploads();
    const { callId, fileId } = await aRecordedCall();
    await db.adminQuery("delete from stored_files where id = $1", [fileId]);
    await runJobs(db);
    expect(await transcriptOf(callId)).toEqual({ state: "failed", text: null, model: null, reason: "recording-missing" });
    expect(uploads()).toBe(before);
    expect(await usageOf(callId)).toEqual([]);
  });

  it("a transcript with a NUL or a lone surrogate (which jsonb refuses) is saved cleaned", async () => {
    const { callId } = await aRecordedCall();
    fake.current.script({ json: { text: "a\u0000b\ud83d" } });
    await runJobs(db);
    expect(await transcriptOf(callId)).toMatchObject({ state: "done", text: "ab\ufffd", reason: null });
    expect(await usageOf(callId)).toMatchObject([{ kind: "transcription", succeeded: true }]);
  });
});
