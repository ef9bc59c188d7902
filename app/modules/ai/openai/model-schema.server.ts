import { zodResponseFormat } from "openai/helpers/zod";
import type { ResponseFormatJSONSchema } from "openai/resources/shared";
import { z } from "zod";
import { summaryOutputSchema, type SummaryOutput } from "../summary-output.server";

/**
 * Structured outputs accept a subset of JSON Schema: for strings `pattern` and
 * `format`, for numbers the bounds, for arrays `minItems`/`maxItems`, but not
 * `minLength`/`maxLength` (OpenAI's "Supported schemas" list, checked
 * 2026-11-29). The lengths are told to the model in words instead, and
 * summaryOutputSchema enforces them on the answer.
 */
const UNSUPPORTED_STRING_KEYWORDS = ["minLength", "maxLength"] as const;

type JsonSchemaNode = { [keyword: string]: unknown };

function withoutLengthKeywords(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutLengthKeywords);
  if (!node || typeof node !== "object") return node;
  const result: JsonSchemaNode = {};
  for (const [keyword, value] of Object.entries(node)) {
    if (!(UNSUPPORTED_STRING_KEYWORDS as readonly string[]).includes(keyword)) result[keyword] = withoutLengthKeywords(value);
  }
  // Every limited string here is also non-empty; the maximum is the one worth saying.
  const max = (node as JsonSchemaNode).maxLength;
  if (typeof max === "number") result.description = [result.description, `At most ${max} characters.`].filter(Boolean).join(" ");
  return result;
}

/**
 * The answer's zod schema for one request: summaryOutputSchema with the
 * suggested stage limited to the organization's active stages (null only
 * when it has none).
 */
export function modelOutputSchema(activeStageIds: readonly string[]) {
  const [first, ...rest] = activeStageIds;
  const suggestedStageId =
    first === undefined
      ? z.null().describe("Always null: the organization has no active stages.")
      : z.enum([first, ...rest]).nullable().describe("One of the listed stage ids when the conversation clearly shows the lead belongs there, else null.");
  return summaryOutputSchema.extend({ suggestedStageId });
}

/** The `response_format` sent to Chat Completions: strict, with every length limit in words. */
export function modelResponseFormat(activeStageIds: readonly string[]): ResponseFormatJSONSchema {
  const format = zodResponseFormat(modelOutputSchema(activeStageIds), "lead_conversation_summary");
  return {
    type: "json_schema",
    json_schema: { ...format.json_schema, schema: withoutLengthKeywords(format.json_schema.schema) as Record<string, unknown> },
  };
}

export type OutputCheck = { ok: true; output: SummaryOutput } | { ok: false; reason: string };

/**
 * The model's text, parsed and held to the real limits. The first zod issue
 * becomes the reason ("schema: summary: Too big: …") so a failed summary
 * says what was wrong without storing the answer.
 */
export function checkModelOutput(content: string, activeStageIds: readonly string[]): OutputCheck {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return { ok: false, reason: "invalid JSON" };
  }
  const parsed = summaryOutputSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
    return { ok: false, reason: `schema: ${where}${issue.message}` };
  }
  const stageId = parsed.data.suggestedStageId;
  if (stageId !== null && !activeStageIds.includes(stageId)) return { ok: false, reason: "schema: suggestedStageId: not one of the active stages" };
  return { ok: true, output: parsed.data };
}
