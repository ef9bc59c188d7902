import { describe, expect, it } from "vitest";
import { countTemplateVariables } from "./count-template-variables";

describe("countTemplateVariables", () => {
  it("counts the distinct placeholders of the body only", () => {
    const components = [
      { type: "HEADER", format: "TEXT", text: "Olá {{1}}" },
      { type: "BODY", text: "Oi {{1}}, sua proposta {{2}} vence em {{3}}. Até {{1}}!" },
      { type: "FOOTER", text: "{{9}}" },
    ];
    expect(countTemplateVariables(components)).toBe(3);
  });

  it("counts named placeholders and tolerates spacing", () => {
    expect(countTemplateVariables([{ type: "BODY", text: "Oi {{ nome }}, pedido {{pedido}}" }])).toBe(2);
  });

  it("is 0 without a body, with a body without placeholders, or with anything unexpected", () => {
    expect(countTemplateVariables([{ type: "BODY", text: "Obrigado!" }])).toBe(0);
    expect(countTemplateVariables([{ type: "HEADER", text: "{{1}}" }])).toBe(0);
    expect(countTemplateVariables(null)).toBe(0);
    expect(countTemplateVariables([null, 3, { type: "BODY", text: 5 }])).toBe(0);
  });
});
