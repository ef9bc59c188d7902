import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createOrganization } from "~/modules/organizations/create-organization.server";
import { withUser } from "~/utils/db.server";
import { eventually } from "../realtime/helpers";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";

const SUFFIXED = (base: string) => new RegExp(`^/o/${base}-[a-z0-9]{5}/board$`);

describe("a new organization's slug says nothing about other organizations", () => {
  const db = useTestDatabase();
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

  it("lets two organizations with the same new name race: the later one waits, then takes a suffix instead of failing", async () => {
    const name = `Austral ${randomUUID().slice(0, 6)}`;
    const base = name.toLowerCase().replace(" ", "-");
    const [owner] = await db.adminQuery<{ id: string }>("select id from users where email = 'owner@aurora.test'");
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    // The first creation inserts its row and holds its transaction open…
    let firstInserted = () => {};
    const inserted = new Promise<void>((resolve) => (firstInserted = resolve));
    const first = withUser(owner.id, async (tx) => {
      const organization = await createOrganization(tx, { name, ownerId: owner.id });
      firstInserted();
      await held;
      return organization.slug;
    });
    await inserted;
    // …so the second sees the name free, and its insert waits on the unique index.
    const second = withUser(owner.id, async (tx) => (await createOrganization(tx, { name, ownerId: owner.id })).slug);
    await eventually(
      async () => (await db.adminQuery("select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")).length > 0,
      15_000,
      "the second insert to wait for the first",
    );
    release();
    expect(await first).toBe(base);
    expect(await second).toMatch(new RegExp(`^${base}-[a-z0-9]{5}$`));
  });
});
