import { describe, expect, it } from "vitest";
import { cutText } from "./cut-text";

describe("cutText", () => {
  it("keeps text within the limit as it is", () => {
    expect(cutText("Oi, tudo bem?", 100)).toBe("Oi, tudo bem?");
    expect(cutText("😀", 2)).toBe("😀");
  });

  it("cuts at the limit", () => {
    expect(cutText("abcdef", 3)).toBe("abc");
  });

  it("never leaves half an emoji at the end", () => {
    const cut = cutText("a😀😀", 4);
    expect(cut).toBe("a😀");
    expect(cutText("😀".repeat(50), 99)).toBe("😀".repeat(49));
  });
});
