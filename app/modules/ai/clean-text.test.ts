import { describe, expect, it } from "vitest";
import { cleanStrings, cleanText } from "./clean-text";

describe("cleanText", () => {
  it("drops NUL and replaces half of a surrogate pair, keeping whole emoji", () => {
    expect(cleanText("a\u0000b")).toBe("ab");
    expect(cleanText("ok 😀 x\ud83d")).toBe("ok 😀 x\ufffd");
    expect(cleanText("\ude00 start")).toBe("\ufffd start");
    expect(cleanText("Orçamento R$ 9.000 🙂")).toBe("Orçamento R$ 9.000 🙂");
  });

  it("cleans every string of a nested value and leaves the rest as it is", () => {
    expect(cleanStrings({ a: "x\u0000", b: [1, "\ud800", null], c: { d: true } })).toEqual({ a: "x", b: [1, "\ufffd", null], c: { d: true } });
  });
});
