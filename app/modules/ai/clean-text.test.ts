import { describe, expect, it } from "vitest";
import { cleanStrings } from "./clean-text";

describe("cleanStrings", () => {
  it("makes every string of a nested value storable and leaves the rest as it is", () => {
    expect(cleanStrings({ a: "x\u0000", b: [1, "ok 😀 \ud800", null], c: { d: true, e: "\ude00 start" } })).toEqual({
      a: "x",
      b: [1, "ok 😀 \ufffd", null],
      c: { d: true, e: "\ufffd start" },
    });
  });
});
