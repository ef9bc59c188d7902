import { buffer } from "node:stream/consumers";
import { withOrganization } from "~/utils/db.server";
import { openFile } from "~/modules/files/open-file.server";
import { recordAiUsage } from "~/modules/ai/record-ai-usage.server";
import { scheduleLeadSummary } from "~/modules/ai/schedule-lead-summary.server";
import { isOpenAiConfigured } from "~/modules/ai/openai/openai-client.server";
import { transcribeWithOpenAi } from "~/modules/ai/openai/transcribe-with-openai.server";
import { lockCall } from "./lock-call.server";
import { saveCall } from "./save-call.server";

/**
 * Transcribes a call's stored recording (the audio read from our storage,
 * sent outside any transaction); the transcript joins the call, shows on it,
 * and schedules the lead's next summary. A provider failure is kept on the
 * call with its reason (the client already retried). AI turned off or the
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
  if (!file) return;
  const audio = await buffer(await file.read());
  const answer = await transcribeWithOpenAi({ audio, filename: file.originalName ?? "recording.mp3", contentType: file.contentType, language: found.language });

  await withOrganization(organizationId, async (db) => {
    await recordAiUsage(db, organizationId, {
      kind: "transcription",
      model: answer.model,
      communicationId: callId,
      audioSeconds: answer.ok ? answer.audioSeconds : null,
      costBrl: answer.ok ? answer.costBrl : null,
      succeeded: answer.ok,
    });
    const call = await lockCall(db, organizationId, callId);
    if (!call || call.call.transcript?.state !== "pending") return;
    const transcript = answer.ok
      ? { state: "done" as const, text: answer.text, model: answer.model, reason: null }
      : { state: "failed" as const, text: null, model: answer.model, reason: answer.reason.slice(0, 200) };
    await saveCall(db, organizationId, call, { call: { transcript } });
    if (answer.ok) await scheduleLeadSummary(db, organizationId, call.leadId);
  });
}
