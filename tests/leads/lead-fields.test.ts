import { describe, expect, it } from "vitest";
import { parseMoney, splitTags } from "~/modules/leads/lead-fields.server";
import { getTranslator } from "~/i18n/translator.server";

describe("money parsing", () => {
  it.each([
    ["4.500,00", "4500.00"],
    ["4500.00", "4500.00"],
    ["4500", "4500.00"],
    ["R$ 4.500", "4500.00"],
    ["R$\u00a01.234.567,89", "1234567.89"],
    ["1,234.56", "1234.56"],
    ["0,5", "0.50"],
    ["0", "0.00"],
    ["007", "7.00"],
    ["999999999999,99", "999999999999.99"],
  ])("reads %s as %s", (input, expected) => {
    expect(parseMoney(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["-1", "O valor não pode ser negativo."],
    ["1000000000000", "O valor é alto demais."],
    ["4.50.0", "Informe um valor válido, como 4.500,00."],
    ["4,500,5", "Informe um valor válido, como 4.500,00."],
    ["1.5,234", "Informe um valor válido, como 4.500,00."],
    ["12.3456", "Informe um valor válido, como 4.500,00."],
    ["1e5", "Informe um valor válido, como 4.500,00."],
    ["", "Informe um valor válido, como 4.500,00."],
  ])("refuses %j: %s", (input, message) => {
    const result = parseMoney(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(getTranslator("pt-BR").say({ key: result.message })).toBe(message);
  });
});

describe("tags", () => {
  it("trims, drops empty ones and repeats ignoring case, keeping the first spelling and the order", () => {
    expect(splitTags(" SEO, seo ,branding,, ,  ticket   alto , Branding")).toEqual(["SEO", "branding", "ticket alto"]);
    expect(splitTags("")).toEqual([]);
  });
});
