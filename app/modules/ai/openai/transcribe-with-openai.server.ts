import { toFile } from "openai";
import { getEnv } from "~/utils/env.server";
import { estimateTranscriptionCostBrl } from "./ai-pricing.server";
import { describeOpenAiError, isProviderFailure, openAiClient, requestDeadlineMs, withDeadline } from "./openai-client.server";

export type TranscriptionRequest = {
  audio: Buffer;
  filename: string;
  contentType: string;
  language: "pt-BR" | "en";
  /** The recording's length when the caller knows it (Twilio reports it): gpt-4o-*-transcribe answer in tokens, not seconds. */
  audioSeconds?: number | null;
};
export type TranscriptionAttempt =
  | { ok: true; text: string; model: string; durationMs: number; costBrl: number | null; audioSeconds: number | null }
  | { ok: false; reason: string; model: string; durationMs: number };

/**
 * Uploading and transcribing grow with the recording, which a summary's
 * request does not: 5 ms per KiB on top of OPENAI_TIMEOUT_MS, about 25 s more
 * for a 20-minute call at 32 kbit/s.
 */
const EXTRA_MS_PER_KIB = 5;

/** ISO-639-1, which the endpoint takes as a hint that improves accuracy and latency. */
const LANGUAGE_HINTS = { "pt-BR": "pt", en: "en" } as const;

/**
 * A call recording's transcript. Provider problems come back as `ok: false`
 * with a short reason, as for summaries; an empty transcript is a success
 * (nobody spoke), for the caller to treat as such.
 */
export async function transcribeWithOpenAi(request: TranscriptionRequest): Promise<TranscriptionAttempt> {
  const env = getEnv();
  const model = env.OPENAI_TRANSCRIPTION_MODEL;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const timeout = env.OPENAI_TIMEOUT_MS + Math.ceil(request.audio.length / 1024) * EXTRA_MS_PER_KIB;
  try {
    const body = {
      model,
      file: await toFile(request.audio, request.filename, { type: request.contentType }),
      language: LANGUAGE_HINTS[request.language],
      response_format: "json" as const,
    };
    const transcription = await withDeadline(requestDeadlineMs(env, timeout), (signal) => openAiClient().audio.transcriptions.create(body, { signal, timeout }));
    if (typeof transcription?.text !== "string") return { ok: false, reason: "invalid response: no text", model, durationMs: elapsed() };
    const reported = transcription.usage?.type === "duration" ? transcription.usage.seconds : null;
    const audioSeconds = reported ?? request.audioSeconds ?? null;
    const costBrl = audioSeconds === null ? null : estimateTranscriptionCostBrl(model, audioSeconds, env.AI_BRL_PER_USD);
    return { ok: true, text: transcription.text.trim(), model, durationMs: elapsed(), costBrl, audioSeconds };
  } catch (error) {
    if (!isProviderFailure(error)) throw error;
    return { ok: false, reason: describeOpenAiError(error, timeout), model, durationMs: elapsed() };
  }
}
