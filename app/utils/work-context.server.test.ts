import { describe, expect, it } from "vitest";
import { oncePerRequest, runInRequestScope } from "./work-context.server";

function counter() {
  let calls = 0;
  return { load: async () => ++calls, calls: () => calls };
}

describe("oncePerRequest", () => {
  it("loads a key once for all the loaders of a GET", async () => {
    const session = counter();
    const results = await runInRequestScope("GET", () =>
      Promise.all([oncePerRequest("session:a", session.load), oncePerRequest("session:a", session.load), oncePerRequest("session:a", session.load)]),
    );
    expect(results).toEqual([1, 1, 1]);
    expect(session.calls()).toBe(1);
  });

  it("keeps keys apart and shares nothing between requests", async () => {
    const loads = counter();
    const first = await runInRequestScope("GET", () => Promise.all([oncePerRequest("member:x", loads.load), oncePerRequest("member:y", loads.load)]));
    const second = await runInRequestScope("HEAD", () => oncePerRequest("member:x", loads.load));
    expect(first).toEqual([1, 2]);
    expect(second).toBe(3);
  });

  it("loads every time in a POST, whose action may change what the loaders then read", async () => {
    const session = counter();
    await runInRequestScope("POST", async () => {
      await oncePerRequest("session:a", session.load);
      await oncePerRequest("session:a", session.load);
    });
    expect(session.calls()).toBe(2);
  });

  it("loads every time outside a request", async () => {
    const session = counter();
    await oncePerRequest("session:a", session.load);
    await oncePerRequest("session:a", session.load);
    expect(session.calls()).toBe(2);
  });
});
