import { describe, expect, it } from "vitest";
import { advancesStatus } from "./outbound-status";

describe("advancesStatus", () => {
  it("moves forward only", () => {
    expect(advancesStatus("queued", "sent")).toBe(true);
    expect(advancesStatus("queued", "read")).toBe(true);
    expect(advancesStatus("sent", "delivered")).toBe(true);
    expect(advancesStatus("delivered", "sent")).toBe(false);
    expect(advancesStatus("read", "delivered")).toBe(false);
    expect(advancesStatus("sent", "sent")).toBe(false);
  });

  it("lets failed end any step before read, and nothing follow it", () => {
    expect(advancesStatus("queued", "failed")).toBe(true);
    expect(advancesStatus("delivered", "failed")).toBe(true);
    expect(advancesStatus("read", "failed")).toBe(false);
    expect(advancesStatus("failed", "sent")).toBe(false);
  });
});
