import { buffer } from "node:stream/consumers";
import { storableText, truncateText } from "~/lib/text";
import { withOrganization } from "~/utils/db.server";
import { openFile } from "~/modules/files/open-file.server";
import { recordAiUsage } from "~/modules/ai/record-ai-usage.server";
import { scheduleLeadSummary } from "~/modules/ai/schedule-lead-summary.server";
import { isOpenAiConfigured } from "~/modules/ai/openai/openai-client.server";
import { transcribeWithOpenAi } from "~/modules/ai/openai/transcribe-with-openai.server";
import type { CallMetadata } from "~/modules/timeline/entry-metadata.server";
import { lockCall } from "./lock-call.server";
import { saveCall } from "./save-call.server";

/** OpenAI refuses larger uploads; a recording may be up to 200 MB, which is not read into memory only to be refused. */
const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

type Transcript = NonNullable<CallMetadata["transcript"]>;

/**
 * Transcribes a call's stored recording (the audio read from our storage,
 * sent outside any transaction); the transcript joins the call, shows on it,
 * and schedules the lead's next summary. A provider failure is kept on the
 * call with its reason (the client already retried), and so is a recording
 * too large to send or gone from storage (nothing sent). AI turned off or the
 * key removed since the job was queued: unavailable, nothing sent.
 */
export async function transcribeCallRecording(input: { organizationId: string; callId: string }) {
  const { organizationId, callId } = input;
  const found = await withOrganization(organizationId, async (db) => {
    const call = await lockCall(db, organizationId, callId);
    if (!call || call.call.transcript?.state !== "pending" || call.call.recording?.state !== "stored" || !call.call.recording.fileId) return null;
    const [organization] = await db.execute<{ ai_enabled: boolean; locale: "pt-BR" | "en" }[]>("select ai_enabled, locale from organizations where id = ?", [organizationId]);
    if (!organization.ai_enabled || !isOpenAiConfigured()) {
      await saveCall(db, organizationId, call, {
        call: { transcript: { state: "unavailable", text: null, model: null, reason: organization.ai_enabled ? "no-provider" : "ai-off" } },
      });
      return null;
    }
    return { fileId: call.call.recording.fileId, language: organization.locale };
  });
  if (!found) return;
  const file = await openFile(organizationId, found.fileId);
  // Failed rather than left pending: neither gets better by retrying.
  if (!file) return saveTranscript(organizationId, callId, { state: "failed", text: null, model: null, reason: "recording-missing" });
  if (file.sizeBytes > MAX_UPLOAD_BYTES) return saveTranscript(organizationId, callId, { state: "failed", text: null, model: null, reason: "too-large" });
  const audio = await buffer(await file.read());
  const answer = await transcribeWithOpenAi({ audio, filename: file.originalName ?? "recording.mp3", contentType: file.contentType, language: found.language });

  // PostgreSQL refuses NUL in text and jsonb and lone surrogates in jsonb: a refused save would fail the job, and its retry would pay again.
  const model = storableText(answer.model);
  // Committed on its own before the call is saved: whatever fails after, the paid request stays counted.
  await withOrganization(organizationId, (db) =>
    recordAiUsage(db, organizationId, {
      kind: "transcription",
      model,
      communicationId: callId,
      audioSeconds: answer.ok ? answer.audioSeconds : null,
      costBrl: answer.ok ? answer.costBrl : null,
      succeeded: answer.ok,
    }),
  );
  await saveTranscript(
    organizationId,
    callId,
    answer.ok
      ? { state: "done", text: storableText(answer.text), model, reason: null }
      : { state: "failed", text: null, model, reason: truncateText(storableText(answer.reason), 200) },
  );
}

/** The call's transcript, unless another run settled it first; a finished one feeds the lead's next summary. */
async function saveTranscript(organizationId: string, callId: string, transcript: Transcript) {
  await withOrganization(organizationId, async (db) => {
    const call = await lockCall(db, organizationId, callId);
    if (!call || call.call.transcript?.state !== "pending") return;
    await saveCall(db, organizationId, call, { call: { transcript } });
    if (transcript.state === "done") await scheduleLeadSummary(db, organizationId, call.leadId);
  });
}
