import { describe, expect, it } from "vitest";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";

describe("/healthz with the database up", () => {
  useTestDatabase();
  const server = useTestServer();

  it("answers 200 {status: ok}, uncached, without a session", async () => {
    const response = await new TestClient(server).get("/healthz");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(JSON.parse(response.body)).toEqual({ status: "ok" });
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});
