import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";

const SUFFIXED = (base: string) => new RegExp(`^/o/${base}-[a-z0-9]{5}/board$`);

describe("a new organization's slug says nothing about other organizations", () => {
  useTestDatabase();
  const server = useTestServer();

  function signUp(organization: string) {
    return new TestClient(server).post("/signup", {
      name: "Ana Souza",
      email: `ana-${randomUUID().slice(0, 8)}@example.com`,
      password: "senha-forte-123",
      organization,
    });
  }

  it("gives a taken name a random suffix at sign-up, never a counter", async () => {
    const name = `Boreal ${randomUUID().slice(0, 6)}`;
    const base = name.toLowerCase().replace(" ", "-");
    const first = await signUp(name);
    expect(first.location).toBe(`/o/${base}/board`);
    const later = [await signUp(name), await signUp(name), await signUp(name)];
    for (const response of later) {
      expect(response.status).toBe(302);
      expect(response.location).toMatch(SUFFIXED(base));
      // Nothing but the redirect and the session: no page naming the organization that holds the name.
      expect(response.body).toBe("");
    }
    expect(new Set(later.map((response) => response.location)).size).toBe(later.length);
  });

  it("does the same when a signed-in user starts another organization", async () => {
    const name = `Aurora ${randomUUID().slice(0, 6)}`;
    const base = name.toLowerCase().replace(" ", "-");
    const founder = new TestClient(server);
    await founder.post("/signup", { name: "Ana Souza", email: `ana-${randomUUID().slice(0, 8)}@example.com`, password: "senha-forte-123", organization: name });
    const second = await founder.post("/organizations/new", { organization: name });
    expect(second.status).toBe(302);
    expect(second.location).toMatch(SUFFIXED(base));
    expect(second.body).toBe("");
  });
});
