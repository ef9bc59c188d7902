import { describe, expect, it } from "vitest";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";

/** No request answers 500 because of what the client sent: a body that is not a form is a 400. */
describe("bodies that are not forms", () => {
  const db = useTestDatabase();
  const server = useTestServer();

  const bodies: [string, string][] = [
    ["application/json", JSON.stringify({ email: "owner@aurora.test", password: "aurora-demo-2026" })],
    ["text/plain", "email=owner@aurora.test"],
    ["multipart/form-data; boundary=broken", "--broken\r\nnot a part"],
  ];

  it.each(bodies)("answers 400 on the signed-out forms for %s", async (contentType, body) => {
    const client = new TestClient(server);
    for (const path of ["/login", "/signup"]) {
      const response = await client.request(path, { method: "POST", headers: { "content-type": contentType }, body });
      expect(response.status, `${path} with ${contentType}`).toBe(400);
    }
    const [{ count }] = await db.adminQuery<{ count: string }>("select count(*) from user_sessions");
    expect(Number(count)).toBe(0);
  });

  it.each(bodies)("answers 400 on organization actions for %s", async (contentType, body) => {
    const client = new TestClient(server);
    await client.login("owner@aurora.test");
    for (const path of ["/o/aurora/settings/members", "/organizations/new"]) {
      const response = await client.request(path, { method: "POST", headers: { "content-type": contentType }, body });
      expect(response.status, `${path} with ${contentType}`).toBe(400);
    }
  });
});
