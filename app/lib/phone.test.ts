import { describe, expect, it } from "vitest";
import { formatPhone, normalizePhone } from "./phone";

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

describe("phone normalisation", () => {
  it.each([
    ["(11) 98765-4321", "+5511987654321"],
    ["(11) 91234-5678", "+5511912345678"],
    ["+55 11 91234-5678", "+5511912345678"],
    ["11912345678", "+5511912345678"],
    ["11 98765 4321", "+5511987654321"],
    ["11987654321", "+5511987654321"],
    ["011 98765-4321", "+5511987654321"],
    ["+55 (11) 98765-4321", "+5511987654321"],
    ["55 11 98765-4321", "+5511987654321"],
    ["(21) 3456-7890", "+552134567890"],
    ["+1 (415) 555-2671", "+14155552671"],
    ["+44 20 7946 0958", "+442079460958"],
    // WhatsApp still reports some mobiles without their leading 9.
    ["+55 11 8765-4321", "+551187654321"],
  ])("reads %s as %s", (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each(["", "98765-4321", "(11) 8765-4321", "(10) 98765-4321", "(11) 98765-43210", "+55 11 1765-4321", "+55 11 98765-43", "telefone", "+0 123 4567 890", "11 98765-4321 ramal 2", "+12345"])(
    "refuses %j",
    (input) => {
      expect(normalizePhone(input)).toBeNull();
    },
  );
});
