import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { addMember, createLead, signUpOrganization, type TestOrganization } from "./streams-factories";
import type { TestClient } from "../support/client";

describe("archiving a lead takes the archive permission", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  let org: TestOrganization;
  let member: TestClient;
  let manager: TestClient;

  const leadRow = async (id: string) =>
    (await db.adminQuery<{ status: string; version: number; full_name: string }>(`select status, version, full_name from leads where id = $1`, [id]))[0];
  const activityCount = async (id: string) =>
    Number((await db.adminQuery<{ n: string }>(`select count(*)::text as n from lead_activities where lead_id = $1`, [id]))[0].n);

  /** The lead form as the page posts it, with the status changed. */
  async function postStatus(client: TestClient, id: string, status: string) {
    const row = await leadRow(id);
    return client.post(`/o/${org.slug}/leads/${id}`, { intent: "update", version: String(row.version), fullName: row.full_name, status });
  }

  beforeAll(async () => {
    org = await signUpOrganization(server, db);
    member = (await addMember(server, db, org.id, "member")).client;
    manager = (await addMember(server, db, org.id, "manager")).client;
  });

  it("refuses a member's archive with 403 and changes nothing", async () => {
    const id = await createLead(db, org.owner, org);
    const before = { row: await leadRow(id), activities: await activityCount(id) };
    const response = await postStatus(member, id, "archived");
    expect(response.status).toBe(403);
    expect(await leadRow(id)).toEqual(before.row);
    expect(await activityCount(id)).toBe(before.activities);
  });

  it("lets a member change other statuses, and a manager archive and unarchive, which a member cannot undo", async () => {
    const id = await createLead(db, org.owner, org);
    expect((await postStatus(member, id, "won")).status).toBe(200);
    expect((await leadRow(id)).status).toBe("won");
    expect((await postStatus(manager, id, "archived")).status).toBe(200);
    expect((await leadRow(id)).status).toBe("archived");
    const archived = await leadRow(id);
    expect((await postStatus(member, id, "active")).status).toBe(403);
    expect(await leadRow(id)).toEqual(archived);
    expect((await postStatus(manager, id, "active")).status).toBe(200);
    expect((await leadRow(id)).status).toBe("active");
  });

  it("offers the archived status only to roles that may archive", async () => {
    const id = await createLead(db, org.owner, org);
    const asMember = await member.get(`/o/${org.slug}/leads/${id}`);
    const asManager = await manager.get(`/o/${org.slug}/leads/${id}`);
    expect(asMember.status).toBe(200);
    expect(asMember.body).toContain('<option value="won">');
    expect(asMember.body).not.toContain('<option value="archived">');
    expect(asManager.body).toContain('<option value="archived">');
  });
});
