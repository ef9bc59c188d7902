import { describe, expect, it } from "vitest";
import { signWhatsAppBody, verifyWhatsAppSignature } from "./webhook-signature.server";

const SECRET = "aurora-demo-app-secret";
const RAW = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');

describe("WhatsApp webhook signature", () => {
  it("accepts the signature of exactly these bytes, string or buffer", () => {
    const header = signWhatsAppBody(RAW, SECRET);
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(signWhatsAppBody(RAW.toString("utf8"), SECRET)).toBe(header);
    expect(verifyWhatsAppSignature(RAW, header, SECRET)).toBe(true);
    expect(verifyWhatsAppSignature(RAW, header.toUpperCase().replace("SHA256=", "sha256="), SECRET)).toBe(true);
  });

  it("refuses other bytes, another secret and re-serialized JSON", () => {
    const header = signWhatsAppBody(RAW, SECRET);
    expect(verifyWhatsAppSignature(Buffer.from(RAW.toString() + " "), header, SECRET)).toBe(false);
    expect(verifyWhatsAppSignature(RAW, header, "other-secret")).toBe(false);
    const pretty = Buffer.from(JSON.stringify(JSON.parse(RAW.toString()), null, 2));
    expect(verifyWhatsAppSignature(pretty, header, SECRET)).toBe(false);
  });

  it.each([undefined, null, "", "sha256=", "sha1=abc", "sha256=zz", `sha256=${"a".repeat(63)}`, `sha256=${"a".repeat(66)}`, `x${signWhatsAppBody(RAW, SECRET)}`])(
    "answers false (never throws) for the header %s",
    (header) => {
      expect(verifyWhatsAppSignature(RAW, header, SECRET)).toBe(false);
    },
  );

  it("never accepts anything under an empty secret", () => {
    expect(verifyWhatsAppSignature(RAW, signWhatsAppBody(RAW, ""), "")).toBe(false);
  });
});
