import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { twilioSignature } from "./twilio-stand-in-webhooks";

describe("twilioSignature", () => {
  const token = "12345";
  const url = "https://mycompany.com/myapp.php?foo=1&bar=2";
  const params = { CallSid: "CA1234567890ABCDE", Caller: "+12349013030", Digits: "1234", From: "+12349013030", To: "+18005551212" };

  it("is the signature the twilio package accepts, and only for the same token, URL and parameters", () => {
    const signature = twilioSignature(token, url, params);
    expect(twilio.validateRequest(token, signature, url, params)).toBe(true);
    expect(twilio.validateRequest("54321", signature, url, params)).toBe(false);
    expect(twilio.validateRequest(token, signature, `${url}&baz=3`, params)).toBe(false);
    expect(twilio.validateRequest(token, signature, url, { ...params, Digits: "4321" })).toBe(false);
  });

  it("sorts parameters by name and covers UTF-8 values and GET requests (no parameters)", () => {
    const unordered = { To: "+5511987654321", Body: "Olá, ação", AccountSid: "AC00000000000000000000000000a0a001" };
    expect(twilio.validateRequest(token, twilioSignature(token, url, unordered), url, unordered)).toBe(true);
    expect(twilio.validateRequest(token, twilioSignature(token, url, {}), url, {})).toBe(true);
  });
});
