import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetEnv } from "./env.server";
import { openSecret, sealSecret, SecretBoxError } from "./secret-box.server";

const ENV = {
  DATABASE_URL: "postgres://app@localhost/unused",
  SESSION_SECRET: "s".repeat(32),
  ENCRYPTION_KEY: "ab".repeat(32),
};

describe("secret box", () => {
  const saved = { ...process.env };
  beforeEach(() => {
    Object.assign(process.env, ENV);
    resetEnv();
  });
  afterEach(() => {
    process.env = { ...saved };
    resetEnv();
  });

  it("opens what it sealed, for the same purpose", () => {
    const sealed = sealSecret("EAAG-token-ção", "whatsapp.access_token");
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain("EAAG");
    expect(openSecret(sealed, "whatsapp.access_token")).toBe("EAAG-token-ção");
  });

  it("seals the same value differently every time", () => {
    expect(sealSecret("same", "p")).not.toBe(sealSecret("same", "p"));
  });

  it("refuses a ciphertext, tag or iv that was changed", () => {
    const [version, iv, tag, ciphertext] = sealSecret("segredo-do-app", "whatsapp.app_secret").split(".");
    const flip = (part: string) => {
      const bytes = Buffer.from(part, "base64url");
      bytes[0] ^= 1;
      return bytes.toString("base64url");
    };
    for (const tampered of [
      [version, iv, tag, flip(ciphertext)],
      [version, iv, flip(tag), ciphertext],
      [version, flip(iv), tag, ciphertext],
    ]) {
      expect(() => openSecret(tampered.join("."), "whatsapp.app_secret")).toThrow(SecretBoxError);
    }
    expect(() => openSecret(`${version}.${iv}.${tag}`, "whatsapp.app_secret")).toThrow(/unknown format/);
    expect(() => openSecret(`v2.${iv}.${tag}.${ciphertext}`, "whatsapp.app_secret")).toThrow(/unknown format/);
  });

  it("refuses a ciphertext moved to another purpose (column)", () => {
    const sealed = sealSecret("segredo", "whatsapp.app_secret");
    expect(() => openSecret(sealed, "whatsapp.verify_token")).toThrow(/authentication failed/);
  });

  it("refuses a ciphertext sealed under another key", () => {
    const sealed = sealSecret("segredo", "p");
    process.env.ENCRYPTION_KEY = "cd".repeat(32);
    resetEnv();
    expect(() => openSecret(sealed, "p")).toThrow(SecretBoxError);
  });
});
