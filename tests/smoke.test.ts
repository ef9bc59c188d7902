import { describe, expect, it } from "vitest";
import { useTestDatabase } from "./support/database";
import { useTestServer } from "./support/server";
import { TestClient } from "./support/client";

describe("smoke", () => {
  const db = useTestDatabase();
  const server = useTestServer();

  it("serves the board to a demo rep", async () => {
    const client = new TestClient(server);
    await client.login("rep@aurora.test");
    const board = await client.get("/o/aurora/board");
    expect(board.status).toBe(200);
    expect(board.body).toContain("data-stage-id");
    const [{ count }] = await db.adminQuery<{ count: string }>("select count(*) from leads");
    expect(Number(count)).toBe(208);
  });
});
