import { describe, expect, it } from "vitest";
import { normalizePhone } from "~/modules/leads/lead-fields.server";
import { formatPhone } from "~/lib/phone";

describe("formatPhone", () => {
  it.each([
    ["+5511987654321", "+55 11 98765-4321"],
    ["+551134567890", "+55 11 3456-7890"],
    ["+558187654321", "+55 81 8765-4321"],
  ])("writes the Brazilian number %s as %s", (e164, shown) => {
    expect(formatPhone(e164)).toBe(shown);
  });

  it("leaves other countries' numbers as stored", () => {
    expect(formatPhone("+14155550123")).toBe("+14155550123");
    expect(formatPhone("+351912345678")).toBe("+351912345678");
  });

  it.each(["+5511987654321", "+551134567890", "+558187654321", "+14155550123"])(
    "shows %s in a form that saves back to the same number",
    (e164) => {
      expect(normalizePhone(formatPhone(e164))).toBe(e164);
    },
  );
});
