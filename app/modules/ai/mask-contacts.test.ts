import { describe, expect, it } from "vitest";
import { EMAIL_TOKEN, maskContacts, PHONE_TOKEN } from "./mask-contacts";

const mask = (text: string, keep: string[] = []) => maskContacts(text, { keep });

describe("maskContacts: phone numbers", () => {
  it.each([
    ["Brazilian with country code", "Me liga no +55 11 98765-4321 amanhã", "Me liga no [phone] amanhã"],
    ["Brazilian with country code, DDD in parentheses", "WhatsApp: +55 (21) 3456-7890.", "WhatsApp: [phone]."],
    ["DDD in parentheses", "Meu celular é (11) 98765-4321, pode chamar", "Meu celular é [phone], pode chamar"],
    ["digits only with DDD", "11987654321", "[phone]"],
    ["country code without +", "manda pro 5511987654321 por favor", "manda pro [phone] por favor"],
    ["local number with hyphen", "o fixo é 3456-7890", "o fixo é [phone]"],
    ["mobile without DDD", "liga 98765-4321", "liga [phone]"],
    ["US number", "Call me at +1 415 555 0100 tomorrow", "Call me at [phone] tomorrow"],
    ["UK number", "office +44 20 7946 0958", "office [phone]"],
    ["after a colon", "Tel:11987654321", "Tel:[phone]"],
    ["in a wa.me link", "https://wa.me/5511987654321", "https://wa.me/[phone]"],
    ["non-breaking spaces", "(11)\u00a098765\u00a04321", "[phone]"],
    ["French, grouped in pairs", "bureau +33 1 23 45 67 89", "bureau [phone]"],
    ["mobile written with the 9 apart", "11 9 8765 4321", "[phone]"],
  ])("%s", (_name, text, expected) => {
    expect(mask(text)).toBe(expected);
  });

  it("masks every number in a message, each on its own", () => {
    expect(mask("Ou (11) 98765-4321 ou +55 21 91234-5678.")).toBe("Ou [phone] ou [phone].");
  });

  it.each([
    ["a price in reais", "O orçamento ficou em R$ 12.500,00 à vista"],
    ["a large price without separators", "Budget R$ 12500000"],
    ["a price in dollars", "about US$ 1234567890"],
    ["a date", "Entrega em 29/11/2026"],
    ["an ISO date", "Deadline 2026-11-29"],
    ["a date and time", "Reunião 2026-11-29 14:03 confirmada"],
    ["a Brazilian date and time", "29/11/2026 14:30"],
    ["a CEP with hyphen", "CEP 01310-100, São Paulo"],
    ["a CEP without hyphen", "CEP: 01310100"],
    ["a bare hyphenated CEP", "Av. Paulista, 1000 - 01310-100"],
    ["an order number under 8 digits", "Pedido #1234567 enviado"],
    ["an 8-digit code not written like a phone", "protocolo 12345678"],
    ["a time", "às 14:30 ou 15h"],
    ["a decimal number", "crescimento de 12345678.90 visualizações"],
    ["a version-like number", "versão 1.2.3456789"],
    ["a quantity", "São 3 páginas e 2 landing pages"],
    ["a list of sizes", "tamanhos 36 38 40 42 44"],
  ])("leaves %s alone", (_name, text) => {
    expect(mask(text)).toBe(text);
  });

  it("keeps the lead's own number however either is written (last 8+ digits)", () => {
    const keep = ["+55 11 98765-4321"];
    expect(mask("Meu número: (11) 98765-4321", keep)).toBe("Meu número: (11) 98765-4321");
    expect(mask("ou 98765-4321", keep)).toBe("ou 98765-4321");
    expect(mask("5511987654321", keep)).toBe("5511987654321");
    expect(mask("meu sócio: (11) 91234-5678", keep)).toBe(`meu sócio: ${PHONE_TOKEN}`);
  });

  it("does not keep a number that only shares a short tail with the lead's", () => {
    expect(mask("ramal 4321-4321", ["+55 11 98765-4321"])).toBe(`ramal ${PHONE_TOKEN}`);
  });

  it("ignores keep entries too short to identify a phone", () => {
    expect(mask("(11) 98765-4321", ["4321"])).toBe(PHONE_TOKEN);
  });
});

describe("maskContacts: e-mail addresses", () => {
  it.each([
    ["plain", "escreve pra joao.silva@empresa.com.br", "escreve pra [email]"],
    ["with plus and digits", "use ana+crm2026@gmail.com, ok?", "use [email], ok?"],
    ["at the end of a sentence", "Contact: Bob.Smith@Example.co.uk.", "Contact: [email]."],
  ])("%s", (_name, text, expected) => {
    expect(mask(text)).toBe(expected);
  });

  it("keeps the lead's own address, compared without case", () => {
    const keep = ["Maria@Acme.com.br"];
    expect(mask("meu e-mail é maria@acme.com.br e o financeiro é fin@acme.com.br", keep)).toBe(`meu e-mail é maria@acme.com.br e o financeiro é ${EMAIL_TOKEN}`);
  });

  it("does not read digits inside an address as a phone", () => {
    expect(mask("joao11987654321@empresa.com")).toBe(EMAIL_TOKEN);
  });

  it("leaves text without contacts unchanged, @mentions included", () => {
    const text = "Falei com @marina sobre o site; ela volta às 10:00 de 02/12.";
    expect(mask(text)).toBe(text);
  });
});

describe("maskContacts: both at once", () => {
  it("masks others' contacts and keeps the lead's, in one pass", () => {
    const text = "Sou a Maria (maria@acme.com, 11 98765-4321). Fale também com o Pedro: pedro@acme.com ou +55 11 91234-5678. Orçamento: R$ 8.000,00 até 15/12.";
    expect(mask(text, ["maria@acme.com", "+5511987654321"])).toBe(
      "Sou a Maria (maria@acme.com, 11 98765-4321). Fale também com o Pedro: [email] ou [phone]. Orçamento: R$ 8.000,00 até 15/12.",
    );
  });
});
