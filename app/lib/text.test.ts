import { describe, expect, it } from "vitest";
import { storableText, truncateText } from "./text";

describe("truncateText", () => {
  it("keeps short text as it is", () => {
    expect(truncateText("olá", 100)).toBe("olá");
  });

  it("never leaves half of an emoji at the cut", () => {
    const text = `${"a".repeat(99)}😀 e mais`;
    const cut = truncateText(text, 100);
    expect(cut).toBe("a".repeat(99));
    expect(cut).toBe(storableText(cut));
    expect(truncateText(`${"a".repeat(98)}😀`, 100)).toBe(`${"a".repeat(98)}😀`);
  });
});

describe("storableText", () => {
  it("drops NUL and replaces lone surrogates", () => {
    expect(storableText("a\0b")).toBe("ab");
    expect(storableText("x\ud83dy")).toBe("x\ufffdy");
    expect(storableText("\udc00 😀")).toBe("\ufffd 😀");
  });
});
