import { describe, expect, it } from "vitest";
import { arrivalStep, continuesFrom } from "./event-order";

describe("arrivalStep", () => {
  it("delivers the next id as it came", () => {
    expect(arrivalStep(41, 42, true)).toBe("deliver");
  });

  it("drops ids already delivered: duplicates and late publishes", () => {
    expect(arrivalStep(42, 42, true)).toBe("drop");
    expect(arrivalStep(42, 7, true)).toBe("drop");
    expect(arrivalStep(42, 40, false)).toBe("drop");
  });

  it("reads from the table when ids are missing before it", () => {
    expect(arrivalStep(41, 44, true)).toBe("fill");
  });

  it("reads from the table when the bus carried the next id only by reference", () => {
    expect(arrivalStep(41, 42, false)).toBe("fill");
  });
});

describe("continuesFrom", () => {
  it("accepts rows starting right after the last delivered id, and flags a purged stretch", () => {
    expect(continuesFrom(10, 11)).toBe(true);
    expect(continuesFrom(10, 13)).toBe(false);
    expect(continuesFrom(0, 1)).toBe(true);
  });
});
