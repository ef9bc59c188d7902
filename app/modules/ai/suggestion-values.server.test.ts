import { describe, expect, it } from "vitest";
import { acceptableValue, amountOf } from "./suggestion-values.server";

const extracted = (values: Partial<Record<"company" | "email" | "budget" | "deadline", string | null>>) => ({ company: null, email: null, budget: null, deadline: null, ...values });

describe("amountOf", () => {
  it("reads Brazilian and international amounts with their scale", () => {
    expect(amountOf("R$ 12.500,00")).toBe("12500.00");
    expect(amountOf("R$ 15 mil")).toBe("15000.00");
    expect(amountOf("15k")).toBe("15000.00");
    expect(amountOf("2 milhões")).toBe("2000000.00");
    expect(amountOf("2 million dollars")).toBe("2000000.00");
    expect(amountOf("R$ 1,5 mil")).toBe("1500.00");
  });

  it("refuses what the lead cannot hold or has no amount", () => {
    expect(amountOf("9999999999 mil reais")).toBeNull();
    expect(amountOf("a combinar")).toBeNull();
  });
});

describe("acceptableValue", () => {
  it("offers only what the lead form would accept", () => {
    expect(acceptableValue("email", extracted({ email: "[email]" }))).toBeNull();
    expect(acceptableValue("email", extracted({ email: " Ana@Horizonte.COM.br " }))).toBe("ana@horizonte.com.br");
    expect(acceptableValue("company", extracted({ company: "Horizonte\u0000" }))).toBeNull();
    expect(acceptableValue("company", extracted({ company: "  Construtora Horizonte " }))).toBe("Construtora Horizonte");
    expect(acceptableValue("budget", extracted({ budget: "R$ 8 mil" }))).toBe("8000.00");
    expect(acceptableValue("deadline", extracted({ deadline: "  " }))).toBeNull();
  });
});
