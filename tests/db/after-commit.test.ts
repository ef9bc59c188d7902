import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { onCommit, queueOnCommit, withoutTenant } from "~/utils/db.server";
import { useTestDatabase } from "../support/database";

/** The database layer's after-commit hook, which realtime publishing registers with. */
describe("work queued for after commit", () => {
  useTestDatabase();

  function listen() {
    const kind = `test-${randomUUID()}`;
    const handed: string[][] = [];
    onCommit<string>(kind, async (items) => {
      handed.push(items);
    });
    return { kind, handed };
  }

  it("is handed over once, in order, after the transaction commits", async () => {
    const { kind, handed } = listen();
    await withoutTenant(async (db) => {
      queueOnCommit<string>(db, kind).push("a");
      queueOnCommit<string>(db, kind).push("b");
      expect(handed).toEqual([]);
    });
    expect(handed).toEqual([["a", "b"]]);
  });

  it("is dropped when the transaction rolls back", async () => {
    const { kind, handed } = listen();
    const failing = withoutTenant(async (db) => {
      queueOnCommit<string>(db, kind).push("a");
      throw new Error("refused");
    });
    await expect(failing).rejects.toThrow("refused");
    expect(handed).toEqual([]);
  });

  it("calls nobody for a transaction that queued nothing", async () => {
    const { handed } = listen();
    await withoutTenant(async () => {});
    expect(handed).toEqual([]);
  });

  it("cannot be queued for a kind nobody listens to", async () => {
    await expect(withoutTenant(async (db) => queueOnCommit(db, `unheard-${randomUUID()}`))).rejects.toThrow(/nothing listens/);
  });
});
