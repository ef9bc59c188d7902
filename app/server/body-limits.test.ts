import { describe, expect, it } from "vitest";
import { bodyLimitFor, DEFAULT_BODY_LIMIT } from "./body-limits";

describe("bodyLimitFor", () => {
  it("gives a declared prefix its larger limit and everything else the default", () => {
    expect(bodyLimitFor("/webhooks/whatsapp/abc")).toBeGreaterThan(DEFAULT_BODY_LIMIT);
    expect(bodyLimitFor("/login")).toBe(DEFAULT_BODY_LIMIT);
  });

  it.each(["/webhooks/../login", "/webhooks/%2e%2e/login", "/webhooks/%2E%2E/login", "/webhooks/./x/../../login", "//webhooks/x", "/webhooks\\..\\login", "/webhooks%2f..%2flogin"])(
    "keeps the default for %s, which the router may read as another route",
    (path) => {
      expect(bodyLimitFor(path)).toBe(DEFAULT_BODY_LIMIT);
    },
  );
});
