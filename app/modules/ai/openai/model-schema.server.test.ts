import { describe, expect, it } from "vitest";
import { SUMMARY_MAX_LENGTH, type SummaryOutput } from "../summary-output.server";
import { checkModelOutput, modelResponseFormat } from "./model-schema.server";

type Node = { [keyword: string]: unknown };
const STAGES = ["5f1c0c9e-0000-4000-8000-000000000001", "5f1c0c9e-0000-4000-8000-000000000002"];

function keywordsIn(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((child) => keywordsIn(child, found));
  else if (node && typeof node === "object") {
    for (const [keyword, value] of Object.entries(node)) {
      found.add(keyword);
      keywordsIn(value, found);
    }
  }
  return found;
}

function objectsIn(node: unknown, found: Node[] = []): Node[] {
  if (Array.isArray(node)) node.forEach((child) => objectsIn(child, found));
  else if (node && typeof node === "object") {
    if ((node as Node).type === "object") found.push(node as Node);
    Object.values(node).forEach((child) => objectsIn(child, found));
  }
  return found;
}

const valid: SummaryOutput = {
  summary: "Lead quer um site institucional de 5 páginas; pediu orçamento.",
  sentiment: "neutral",
  sentimentScore: 0.1,
  intent: "quote",
  urgency: "medium",
  nextActions: [{ text: "Enviar orçamento", dueDate: "2026-12-04" }],
  suggestedStageId: STAGES[1],
  suggestedStageReason: "Pediu orçamento.",
  extracted: { company: "Padaria Pão Quente", email: null, budget: "R$ 8 mil", deadline: null },
};

describe("modelResponseFormat", () => {
  const format = modelResponseFormat(STAGES);
  const schema = format.json_schema.schema as Node & { properties: Record<string, Node> };

  it("is a strict json_schema response format", () => {
    expect(format.type).toBe("json_schema");
    expect(format.json_schema.strict).toBe(true);
    expect(format.json_schema.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
  });

  it("has no string length keyword (structured outputs reject them) and says the limits in words", () => {
    const keywords = keywordsIn(schema);
    expect(keywords.has("maxLength")).toBe(false);
    expect(keywords.has("minLength")).toBe(false);
    expect(schema.properties.summary).toEqual({ type: "string", description: `At most ${SUMMARY_MAX_LENGTH} characters.` });
    expect(JSON.stringify(schema.properties.extracted)).toContain("At most 160 characters.");
  });

  it("keeps the constraints structured outputs do support", () => {
    expect(schema.properties.sentimentScore).toMatchObject({ minimum: -1, maximum: 1 });
    expect(schema.properties.nextActions).toMatchObject({ maxItems: 3 });
    expect(JSON.stringify(schema.properties.nextActions)).toContain('"pattern":"^\\\\d{4}-\\\\d{2}-\\\\d{2}$"');
  });

  it("requires every property and allows no other, at every level", () => {
    const objects = objectsIn(schema);
    expect(objects.length).toBeGreaterThanOrEqual(3);
    for (const object of objects) {
      expect(object.additionalProperties).toBe(false);
      expect([...(object.required as string[])].sort()).toEqual(Object.keys(object.properties as Node).sort());
    }
  });

  it("limits the suggested stage to the active stages, or null", () => {
    expect(schema.properties.suggestedStageId.anyOf).toEqual([{ type: "string", enum: STAGES }, { type: "null" }]);
  });

  it("allows only null when the organization has no active stage", () => {
    const none = modelResponseFormat([]).json_schema.schema as { properties: Record<string, Node> };
    expect(none.properties.suggestedStageId).toMatchObject({ type: "null" });
  });
});

describe("checkModelOutput", () => {
  it("accepts a valid answer", () => {
    expect(checkModelOutput(JSON.stringify(valid), STAGES)).toEqual({ ok: true, output: valid });
  });

  it("rejects text that is not JSON", () => {
    expect(checkModelOutput("Claro! Aqui está o resumo:", STAGES)).toEqual({ ok: false, reason: "invalid JSON" });
  });

  it("holds the answer to the real length limits, naming the field", () => {
    const check = checkModelOutput(JSON.stringify({ ...valid, summary: "a".repeat(SUMMARY_MAX_LENGTH + 100) }), STAGES);
    expect(check).toEqual({ ok: false, reason: expect.stringMatching(/^schema: summary: Too big/) });
  });

  it("names a nested field by its path", () => {
    const check = checkModelOutput(JSON.stringify({ ...valid, nextActions: [{ text: "Ligar", dueDate: "sexta" }] }), STAGES);
    expect(check).toMatchObject({ ok: false, reason: expect.stringMatching(/^schema: nextActions\.0\.dueDate: /) });
  });

  it("rejects a missing field", () => {
    const { urgency: _urgency, ...withoutUrgency } = valid;
    expect(checkModelOutput(JSON.stringify(withoutUrgency), STAGES)).toMatchObject({ ok: false, reason: expect.stringMatching(/^schema: urgency: /) });
  });

  it("rejects a stage that is not one of the active ones", () => {
    expect(checkModelOutput(JSON.stringify({ ...valid, suggestedStageId: "stage-from-another-org" }), STAGES)).toEqual({
      ok: false,
      reason: "schema: suggestedStageId: not one of the active stages",
    });
    expect(checkModelOutput(JSON.stringify(valid), [])).toMatchObject({ ok: false });
  });
});
