import { analyzeConversation, type ConversationMessage } from "~/modules/ai/local-analyzer/analyze-conversation";
import { ENTRY_LABELS, type EntryLabel } from "~/modules/ai/openai/summary-prompt.server";

/**
 * OpenAI's wire format as the fake speaks it: the bodies of a chat
 * completion, a transcription and an error, and the default answer, which
 * reads the conversation back out of the prompt and runs the local analyzer
 * over it, so what comes back is a plausible summary in the language asked.
 */

type ChatMessage = { role?: unknown; content?: unknown };
export type ChatRequestBody = { model?: unknown; messages?: unknown };

const DIRECTION_OF: Record<EntryLabel, ConversationMessage["direction"]> = { lead: "inbound", team: "outbound", note: "internal", call: "inbound" };
const LABELS = new Map<string, ConversationMessage["direction"]>(
  Object.values(ENTRY_LABELS).flatMap((labels) => Object.entries(labels).map(([label, text]) => [text, DIRECTION_OF[label as EntryLabel]] as const)),
);
const ENTRY_LINE = /^\[(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})\] ([^:]+): (.*)$/;

const tokensOf = (text: string) => Math.max(1, Math.ceil(text.length / 4));

function textOf(messages: unknown, role: string): string {
  if (!Array.isArray(messages)) return "";
  return (messages as ChatMessage[])
    .filter((message) => message.role === role && typeof message.content === "string")
    .map((message) => message.content as string)
    .join("\n");
}

/** The analyzer's reading of the prompt the app sent (summary-prompt.server.ts). */
export function defaultSummaryContent(body: ChatRequestBody): string {
  const system = textOf(body.messages, "system");
  const user = textOf(body.messages, "user");
  const language = system.includes("Brazilian Portuguese") ? "pt-BR" : "en";
  const today = /^Today: (\d{4}-\d{2}-\d{2})/m.exec(user)?.[1];
  const previous = /^Previous summary:\n(.*)$/m.exec(user)?.[1];
  const messages: ConversationMessage[] = [];
  for (const line of user.split("\n")) {
    const entry = ENTRY_LINE.exec(line);
    const direction = entry && LABELS.get(entry[3]);
    if (entry && direction) messages.push({ direction, text: entry[4], at: new Date(`${entry[1]}T${entry[2]}:00Z`) });
    else if (line.startsWith("  ") && messages.length) messages[messages.length - 1].text += `\n${line.trim()}`;
  }
  const output = analyzeConversation({
    messages,
    language,
    now: today ? new Date(`${today}T12:00:00Z`) : new Date(),
    previousSummary: previous && previous !== "(none)" ? previous : null,
  });
  return JSON.stringify(output);
}

export function chatCompletion(body: ChatRequestBody, content: string, sequence: number) {
  const promptTokens = tokensOf(textOf(body.messages, "system") + textOf(body.messages, "user"));
  const completionTokens = tokensOf(content);
  return {
    id: `chatcmpl-fake${sequence}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: typeof body.model === "string" ? body.model : "gpt-4o-mini",
    choices: [{ index: 0, message: { role: "assistant", content, refusal: null, annotations: [] }, logprobs: null, finish_reason: "stop" }],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
    service_tier: "default",
    system_fingerprint: "fp_fake",
  };
}

/** whisper-1 is billed by the second and says how many; the gpt-4o transcribers count tokens. */
export function transcription(model: string, text: string, audioSeconds: number) {
  if (model.startsWith("whisper")) return { text, usage: { type: "duration", seconds: audioSeconds } };
  const inputTokens = Math.ceil(audioSeconds * 10);
  const outputTokens = tokensOf(text);
  return { text, usage: { type: "tokens", input_tokens: inputTokens, output_tokens: outputTokens, total_tokens: inputTokens + outputTokens, input_token_details: { audio_tokens: inputTokens, text_tokens: 0 } } };
}

const ERRORS: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: "invalid_request_error", code: null, message: "Invalid request." },
  404: { type: "invalid_request_error", code: "model_not_found", message: "The model does not exist or you do not have access to it." },
  429: { type: "requests", code: "rate_limit_exceeded", message: "Rate limit reached for requests. Please try again later." },
  500: { type: "server_error", code: null, message: "The server had an error while processing your request. Sorry about that!" },
  503: { type: "server_error", code: null, message: "The engine is currently overloaded, please try again later." },
};

export function errorBody(status: number, message?: string) {
  const known = ERRORS[status] ?? ERRORS[status >= 500 ? 500 : 400];
  return { error: { message: message ?? known.message, type: known.type, param: null, code: known.code } };
}

/**
 * OpenAI's 401 names the key it was given (with the middle masked); this one
 * quotes it whole, so a failure reason that repeated the message would show it.
 */
export function invalidKeyBody(given: string) {
  return {
    error: {
      message: `Incorrect API key provided: ${given}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      type: "invalid_request_error",
      param: null,
      code: "invalid_api_key",
    },
  };
}
