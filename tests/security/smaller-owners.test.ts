import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import type { TestClient } from "../support/client";
import { addMember, signUpOrganization, type TestOrganization } from "./streams-factories";

const ROUNDS = 8;

describe("the last owner under concurrency", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  let org: TestOrganization;
  let second: { client: TestClient; userId: string };
  let memberships: { first: string; second: string };

  const owners = async () =>
    (await db.adminQuery<{ user_id: string }>(`select user_id from organization_members where organization_id = $1 and role = 'owner'`, [org.id])).map(
      (row) => row.user_id,
    );
  const page = () => `/o/${org.slug}/settings/members`;

  /** Both people are owners again, with the same membership ids (as if nothing had happened). */
  async function restoreOwners() {
    await db.adminQuery(
      `insert into organization_members (id, organization_id, user_id, role, joined_at, updated_at)
       values ($1, $3, $4, 'owner', now(), now()), ($2, $3, $5, 'owner', now(), now())
       on conflict (id) do update set role = 'owner'`,
      [memberships.first, memberships.second, org.id, org.ownerId, second.userId],
    );
    expect((await owners()).sort()).toEqual([org.ownerId, second.userId].sort());
  }

  beforeAll(async () => {
    org = await signUpOrganization(server, db);
    const added = await addMember(server, db, org.id, "owner");
    second = added;
    const [first] = await db.adminQuery<{ id: string }>(`select id from organization_members where organization_id = $1 and user_id = $2`, [
      org.id,
      org.ownerId,
    ]);
    memberships = { first: first.id, second: added.membershipId };
  });

  it("lets exactly one of two owners demoting each other at once succeed", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await restoreOwners();
      const responses = await Promise.all([
        org.owner.post(page(), { intent: "change-role", memberId: memberships.second, role: "admin" }),
        second.client.post(page(), { intent: "change-role", memberId: memberships.first, role: "admin" }),
      ]);
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 200), `round ${round}: ${statuses.join(", ")}`).toHaveLength(1);
      expect(statuses.every((status) => status === 200 || status === 409)).toBe(true);
      expect(await owners(), `round ${round}`).toHaveLength(1);
    }
  });

  it("lets exactly one of two owners removing each other at once succeed", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await restoreOwners();
      const responses = await Promise.all([
        org.owner.post(page(), { intent: "remove", memberId: memberships.second }),
        second.client.post(page(), { intent: "remove", memberId: memberships.first }),
      ]);
      const statuses = responses.map((response) => response.status);
      // The loser is refused (409), or finds itself removed already (404).
      expect(statuses.filter((status) => status === 200), `round ${round}: ${statuses.join(", ")}`).toHaveLength(1);
      expect(await owners(), `round ${round}`).toHaveLength(1);
    }
  });
});
