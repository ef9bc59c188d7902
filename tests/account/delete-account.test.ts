import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeRealtime } from "~/modules/realtime/realtime.server";
import { addNote } from "~/modules/timeline/add-note.server";
import { markupOf, TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { openStream } from "../realtime/helpers";
import { aTeamOrganization, userIdOf } from "../organizations/support";

const PASSWORD = "aurora-demo-2026";

/**
 * Deleting one's own account over HTTP: refused while the person alone owns
 * an organization; otherwise they leave everything, cannot sign in again, and
 * what they wrote stays, signed "usuário removido". In order, on one database.
 */
describe("deleting my account", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  afterAll(() => closeRealtime());
  let auroraId = "";
  let repId = "";
  let leadId = "";
  let callId = "";

  const user = async (id: string) =>
    (await db.adminQuery<{ email: string; full_name: string; phone: string | null; is_active: boolean; deleted_at: Date | null }>(
      "select email, full_name, phone, is_active, deleted_at from users where id = $1",
      [id],
    ))[0];

  beforeAll(async () => {
    [{ id: auroraId }] = await db.adminQuery<{ id: string }>("select id from organizations where slug = 'aurora'");
    repId = await userIdOf(db, "rep@aurora.test");
    [{ id: leadId }] = await db.adminQuery<{ id: string }>("select id from leads where organization_id = $1 order by created_at limit 1", [auroraId]);
    await db.adminQuery("update leads set assignee_id = $1 where id = $2", [repId, leadId]);
    await db.adminQuery("update users set phone = '+5511999990000' where id = $1", [repId]);
    await addNote({ organizationId: auroraId, userId: repId, userName: "Camila Nogueira" }, { leadId, content: "Nota escrita pela Camila" });
    // A click-to-call the person placed: their own phone number went into its metadata.
    callId = randomUUID();
    await db.adminQuery(
      `insert into communications (id, organization_id, lead_id, author_id, channel, direction, content, metadata, status, sent_at, created_at, updated_at)
       values ($1, $2, $3, $4, 'phone', 'outbound', '', $5::jsonb, 'completed', now(), now(), now())`,
      [callId, auroraId, leadId, repId, JSON.stringify({ call: { agentPhone: "+5511999990000", leadPhone: "+5511988887777" } })],
    );
  });

  it("is refused while the person is the only owner of an organization, naming it, and changes nothing", async () => {
    const boreal = new TestClient(server);
    await boreal.login("owner@boreal.test");
    const response = await boreal.post("/account", { intent: "delete-account", password: PASSWORD, confirm: "on" });
    expect(response.status).toBe(409);
    expect(response.body).toContain("Boreal Marketing");
    expect(response.body).toContain("Torne outra pessoa proprietária ou exclua a organização");
    expect((await user(await userIdOf(db, "owner@boreal.test"))).is_active).toBe(true);
    expect((await boreal.get("/o/boreal/board")).status).toBe(200);
  });

  it("needs the right password and the confirmation", async () => {
    const rep = new TestClient(server);
    await rep.login("rep@aurora.test");
    const wrong = await rep.post("/account", { intent: "delete-account", password: "outra-senha", confirm: "on" });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toContain("Senha incorreta.");
    const unconfirmed = await rep.post("/account", { intent: "delete-account", password: PASSWORD });
    expect(unconfirmed.status).toBe(400);
    expect(await user(repId)).toMatchObject({ email: "rep@aurora.test", is_active: true, deleted_at: null });
    expect((await rep.get("/o/aurora/board")).status).toBe(200);
  });

  it("is one transaction: a failure in a later organization leaves the person in every organization, account intact", async () => {
    const later = await aTeamOrganization(db, "Zeta Parceiros");
    const managerId = await userIdOf(db, "manager@aurora.test");
    await db.adminQuery(`create function refuse_leaving() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`);
    await db.adminQuery(`create trigger refuse_leaving before delete on organization_members for each row when (old.organization_id = '${later.id}') execute function refuse_leaving()`);
    try {
      const manager = new TestClient(server);
      await manager.login("manager@aurora.test");
      const response = await manager.post("/account", { intent: "delete-account", password: PASSWORD, confirm: "on" });
      expect(response.status).toBe(500);
      const memberships = await db.adminQuery<{ organization_id: string }>("select organization_id from organization_members where user_id = $1 order by organization_id", [managerId]);
      expect(memberships.map((row) => row.organization_id).sort()).toEqual([auroraId, later.id].sort());
      expect(await db.adminQuery("select id from audit_logs where actor_id = $1 and action = 'user.deleted'", [managerId])).toEqual([]);
      expect(await user(managerId)).toMatchObject({ email: "manager@aurora.test", is_active: true, deleted_at: null });
      expect((await manager.get("/o/aurora/board")).status).toBe(200);
    } finally {
      await db.adminQuery("drop trigger refuse_leaving on organization_members; drop function refuse_leaving()");
    }
  });

  it("removes the person: memberships, sessions and streams gone, row emptied, leads unassigned, entries signed 'usuário removido'", async () => {
    const rep = new TestClient(server);
    await rep.login("rep@aurora.test");
    const otherDevice = new TestClient(server);
    await otherDevice.login("rep@aurora.test");
    const stream = await openStream(server.url, otherDevice, "aurora");
    expect(stream.status).toBe(200);

    const [{ version }] = await db.adminQuery<{ version: number }>("select version from leads where id = $1", [leadId]);
    const [{ last }] = await db.adminQuery<{ last: string }>("select coalesce(max(event_id), 0)::text as last from realtime_events where organization_id = $1", [auroraId]);
    const response = await rep.post("/account", { intent: "delete-account", password: PASSWORD, confirm: "on" });
    expect(response.status).toBe(302);
    expect(response.location).toBe("/login?accountDeleted");
    await stream.ended;
    expect(stream.endedByServer).toBe(true);

    expect(await user(repId)).toMatchObject({
      email: `removido+${repId}@usuarios.invalid`,
      full_name: "",
      phone: null,
      is_active: false,
      deleted_at: expect.any(Date),
    });
    expect(await db.adminQuery("select id from organization_members where user_id = $1", [repId])).toEqual([]);
    expect(await db.adminQuery("select id from user_sessions where user_id = $1", [repId])).toEqual([]);
    expect(await db.adminQuery("select id from leads where assignee_id = $1", [repId])).toEqual([]);
    // Unassigned as an edit, so open boards and forms follow: a new version, an entry, a lead.updated event.
    expect(await db.adminQuery("select version from leads where id = $1", [leadId])).toEqual([{ version: version + 1 }]);
    expect(await db.adminQuery("select activity_type from lead_activities where lead_id = $1 and activity_type = 'assigned'", [leadId])).toEqual([{ activity_type: "assigned" }]);
    const events = await db.adminQuery<{ type: string; data: { leadId?: string; version?: number } }>(
      "select type, data from realtime_events where organization_id = $1 and event_id > $2 order by event_id",
      [auroraId, last],
    );
    expect(events.filter((event) => event.type === "lead.updated" && event.data.leadId === leadId)).toEqual([
      { type: "lead.updated", data: expect.objectContaining({ leadId, version: version + 1, fields: ["assignee"] }) },
    ]);
    // Their personal phone is gone from the calls they placed; the lead's number stays.
    const [call] = await db.adminQuery<{ metadata: { call: Record<string, unknown> } }>("select metadata from communications where id = $1", [callId]);
    expect(call.metadata.call).toEqual({ agentPhone: null, leadPhone: "+5511988887777" });
    const audit = await db.adminQuery<{ actor_id: string; resource_id: string }>(
      "select actor_id, resource_id from audit_logs where organization_id = $1 and action = 'user.deleted'",
      [auroraId],
    );
    expect(audit).toEqual([{ actor_id: repId, resource_id: repId }]);

    for (const client of [rep, otherDevice]) expect((await client.get("/o/aurora/board")).status).toBe(302);
    const again = await new TestClient(server).post("/login", { email: "rep@aurora.test", password: PASSWORD });
    expect(again.status).toBe(401);

    const owner = new TestClient(server);
    await owner.login("owner@aurora.test");
    const lead = await owner.get(`/o/aurora/leads/${leadId}`);
    expect(lead.status).toBe(200);
    // The markup without scripts: the page's message catalogue holds "usuário removido" whoever wrote what.
    const markup = markupOf(lead.body);
    expect(markup).toMatch(/Nota<\/span><span>· <!-- -->usuário removido|Nota<\/span><span>· usuário removido/);
    expect(markup).toContain("Nota escrita pela Camila");
    expect(markup).not.toContain("Camila Nogueira");
  });
});
