import { describe, expect, it } from "vitest";
import { PresenceState, type PresenceOp } from "./presence-state.server";

const TTLS = { viewerTtlMs: 30_000, dragTtlMs: 8_000 };
const ana = { userId: "ana", fullName: "Ana" };
const bruno = { userId: "bruno", fullName: "Bruno" };

const viewers = (processId: string, ...users: { userId: string; fullName: string }[]): PresenceOp => ({ op: "viewers", processId, users });
const drag = (leadId: string, user: { userId: string; fullName: string }, nonce = "n"): PresenceOp => ({
  op: "drag",
  processId: "p1",
  leadId,
  ...user,
  nonce,
});

describe("PresenceState", () => {
  it("lists a viewer once across processes until every process holding a stream of theirs has left", () => {
    const state = new PresenceState(TTLS);
    expect(state.apply(viewers("p1", ana), 0).changed).toBe("viewers");
    expect(state.apply(viewers("p2", ana), 0).changed).toBeNull();
    expect(state.snapshot(10)).toEqual({ viewers: [ana], viewerCount: 1, dragging: [] });
    expect(state.apply({ op: "leave", processId: "p1", userId: "ana" }, 0).changed).toBeNull();
    expect(state.snapshot(10).viewers).toEqual([ana]);
    expect(state.apply({ op: "leave", processId: "p2", userId: "ana" }, 0).changed).toBe("viewers");
    expect(state.snapshot(10)).toEqual({ viewers: [], viewerCount: 0, dragging: [] });
  });

  it("ignores a leave from a process that held nothing, and hello", () => {
    const state = new PresenceState(TTLS);
    state.apply(viewers("p1", ana), 0);
    const version = state.version;
    expect(state.apply({ op: "leave", processId: "p2", userId: "ana" }, 0).changed).toBeNull();
    expect(state.apply({ op: "leave", processId: "p1", userId: "nobody" }, 0).changed).toBeNull();
    expect(state.apply({ op: "hello", processId: "p3" }, 0).changed).toBeNull();
    expect(state.version).toBe(version);
  });

  it("reports a renamed viewer as a change and a plain renewal as none", () => {
    const state = new PresenceState(TTLS);
    state.apply(viewers("p1", ana), 0);
    expect(state.apply(viewers("p1", ana), 1_000).changed).toBeNull();
    expect(state.apply(viewers("p1", { userId: "ana", fullName: "Ana Lima" }), 2_000).changed).toBe("viewers");
    expect(state.snapshot(10).viewers).toEqual([{ userId: "ana", fullName: "Ana Lima" }]);
  });

  it("lists the earliest viewers up to the limit, with the count of all", () => {
    const state = new PresenceState(TTLS);
    const users = Array.from({ length: 500 }, (_, i) => ({ userId: `u${i}`, fullName: `Pessoa ${i}` }));
    for (const user of users) state.apply(viewers("p1", user), 0);
    const snapshot = state.snapshot(20);
    expect(snapshot.viewerCount).toBe(500);
    expect(snapshot.viewers).toEqual(users.slice(0, 20));
  });

  it("grants a card to its first claimant and names the holder to the next", () => {
    const state = new PresenceState(TTLS);
    const first = state.apply(drag("lead", ana), 0);
    expect(first).toEqual({ changed: "drag", holder: { ...ana, expiresAt: 8_000 } });
    const second = state.apply(drag("lead", bruno), 1_000);
    expect(second.changed).toBeNull();
    expect(second.holder).toMatchObject(ana);
    // Renewing one's own claim extends it without changing the snapshot.
    expect(state.apply(drag("lead", ana), 5_000)).toEqual({ changed: null, holder: { ...ana, expiresAt: 13_000 } });
    expect(state.snapshot(10).dragging).toEqual([{ leadId: "lead", ...ana }]);
  });

  it("lets another user take a card whose claim lapsed", () => {
    const state = new PresenceState(TTLS);
    state.apply(drag("lead", ana), 0);
    expect(state.holderOf("lead", 7_999)).toMatchObject(ana);
    expect(state.holderOf("lead", 8_000)).toBeNull();
    expect(state.apply(drag("lead", bruno), 8_000)).toMatchObject({ changed: "drag", holder: bruno });
  });

  it("drops a card only for its holder", () => {
    const state = new PresenceState(TTLS);
    state.apply(drag("lead", ana), 0);
    expect(state.apply({ op: "drop", leadId: "lead", userId: "bruno" }, 0).changed).toBeNull();
    expect(state.apply({ op: "drop", leadId: "lead", userId: "ana" }, 0).changed).toBe("drag");
    expect(state.snapshot(10).dragging).toEqual([]);
  });

  it("expires viewers and drags that were not renewed, per process", () => {
    const state = new PresenceState(TTLS);
    state.apply(viewers("p1", ana), 0);
    state.apply(viewers("p2", ana, bruno), 25_000);
    state.apply(drag("lead", ana), 25_000);
    expect(state.expire(29_999)).toBe(false);
    // p1's hold on Ana lapses, p2's keeps her listed.
    expect(state.expire(30_000)).toBe(false);
    expect(state.snapshot(10).viewers).toEqual([ana, bruno]);
    const version = state.version;
    expect(state.expire(33_000)).toBe(true);
    expect(state.version).toBe(version + 1);
    expect(state.snapshot(10)).toEqual({ viewers: [ana, bruno], viewerCount: 2, dragging: [] });
    expect(state.expire(55_000)).toBe(true);
    expect(state.snapshot(10)).toEqual({ viewers: [], viewerCount: 0, dragging: [] });
  });

  it("counts a version per change, so an encoded snapshot can be reused until the next", () => {
    const state = new PresenceState(TTLS);
    const versions = [state.version];
    state.apply(viewers("p1", ana), 0);
    versions.push(state.version);
    state.apply(viewers("p1", ana), 0);
    versions.push(state.version);
    state.apply(drag("lead", ana), 0);
    versions.push(state.version);
    expect(versions).toEqual([0, 1, 1, 2]);
  });
});
