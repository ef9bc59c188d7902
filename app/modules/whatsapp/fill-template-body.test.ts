import { describe, expect, it } from "vitest";
import { fillTemplateBody } from "./fill-template-body";

describe("fillTemplateBody", () => {
  const body = (text: string) => [{ type: "HEADER", text: "ignored {{1}}" }, { type: "BODY", text }];

  it("fills placeholders in order of first appearance, repeated ones with the same value", () => {
    expect(fillTemplateBody(body("Oi, {{1}}! {{2}} chegou, {{1}}."), ["Ana", "O pedido"])).toBe("Oi, Ana! O pedido chegou, Ana.");
    expect(fillTemplateBody(body("{{ nome }} e {{cidade}}"), ["Ana", "Recife"])).toBe("Ana e Recife");
  });

  it("leaves unfilled placeholders visible and tolerates any shape", () => {
    expect(fillTemplateBody(body("Oi, {{1}}!"), [])).toBe("Oi, {{1}}!");
    expect(fillTemplateBody(null, ["x"])).toBe("");
    expect(fillTemplateBody([{ type: "BODY" }], ["x"])).toBe("");
  });
});
