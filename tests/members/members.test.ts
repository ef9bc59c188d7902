import { beforeAll, describe, expect, it } from "vitest";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import type { AuditRow } from "../support/audit";

const USER_AGENT = "members-test/1.0";
const MEMBERS = "/o/aurora/settings/members";

interface MemberRow {
  id: string;
  email: string;
  role: string;
}

/**
 * The tests run in order against one database and build on each other's role
 * changes: rep → manager → member, manager@ → admin → owner, viewer removed,
 * and finally the original owner leaves.
 */
describe("members and roles", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const clients: Record<"owner" | "manager" | "rep" | "viewer", TestClient> = {} as never;
  let auroraId = "";

  const members = () =>
    db.adminQuery<MemberRow>(
      `select m.id, u.email, m.role from organization_members m
         join users u on u.id = m.user_id
        where m.organization_id = $1 order by u.email`,
      [auroraId],
    );

  const memberOf = async (email: string) => (await members()).find((m) => m.email === email);

  const auditRows = (action: string) =>
    db.adminQuery<AuditRow>(
      "select action, actor_id, resource_id, ip_address, user_agent, changes from audit_logs where organization_id = $1 and action = $2 order by created_at",
      [auroraId, action],
    );

  const userId = async (email: string) => (await db.adminQuery<{ id: string }>("select id from users where email = $1", [email]))[0].id;

  const auditCount = async () =>
    Number((await db.adminQuery<{ count: string }>("select count(*)::text as count from audit_logs"))[0].count);

  const post = (client: TestClient, form: Record<string, string>) =>
    client.request(MEMBERS, { form, headers: { "user-agent": USER_AGENT } });

  beforeAll(async () => {
    [{ id: auroraId }] = await db.adminQuery<{ id: string }>("select id from organizations where slug = 'aurora'");
    for (const name of ["owner", "manager", "rep", "viewer"] as const) {
      clients[name] = new TestClient(server);
      await clients[name].login(`${name}@aurora.test`);
    }
  });

  it("shows the owner every member and the pending invitations", async () => {
    const invited = await post(clients.owner, { intent: "invite", email: "pendente@agencia.test", role: "viewer" });
    expect(invited.status).toBe(200);

    const page = await clients.owner.get(MEMBERS);
    expect(page.status).toBe(200);
    const rows = await members();
    expect(rows.map((m) => m.email)).toEqual(["manager@aurora.test", "owner@aurora.test", "rep@aurora.test", "viewer@aurora.test"]);
    for (const member of rows) {
      expect(page.body).toContain(member.email);
      expect(page.body).toContain(`data-member-id="${member.id}"`);
    }
    for (const name of ["Helena Duarte", "Rafael Monteiro", "Camila Nogueira", "Otávio Lins"]) expect(page.body).toContain(name);
    expect(page.body).not.toContain("owner@boreal.test");
    expect(page.body).toContain("pendente@agencia.test");
    const [invite] = await db.adminQuery<{ id: string }>("select id from organization_invites where email = 'pendente@agencia.test'");
    expect(page.body).toContain(`data-invite-id="${invite.id}"`);
    expect(page.body).toMatch(/Convites pendentes \(<!-- -->1<!-- -->\)|Convites pendentes \(1\)/);
  });

  it("refuses the members page to roles without members:view", async () => {
    for (const name of ["viewer", "rep", "manager"] as const) {
      const page = await clients[name].get(MEMBERS);
      expect(page.status, name).toBe(403);
      expect(page.body).not.toContain("owner@aurora.test");
    }
  });

  it("refuses change-role and remove to a member (rep), a viewer and a manager, changing nothing", async () => {
    const before = await members();
    const audits = await auditCount();
    const owner = before.find((m) => m.email === "owner@aurora.test")!;
    const viewer = before.find((m) => m.email === "viewer@aurora.test")!;
    const rep = before.find((m) => m.email === "rep@aurora.test")!;
    const attempts: [keyof typeof clients, Record<string, string>][] = [
      ["rep", { intent: "change-role", memberId: rep.id, role: "owner" }],
      ["rep", { intent: "change-role", memberId: viewer.id, role: "manager" }],
      ["rep", { intent: "remove", memberId: viewer.id }],
      ["rep", { intent: "remove", memberId: owner.id }],
      ["viewer", { intent: "change-role", memberId: viewer.id, role: "admin" }],
      ["viewer", { intent: "remove", memberId: rep.id }],
      ["manager", { intent: "change-role", memberId: rep.id, role: "viewer" }],
      ["manager", { intent: "remove", memberId: rep.id }],
    ];
    for (const [who, form] of attempts) {
      const response = await post(clients[who], form);
      expect(response.status, `${who} ${form.intent} ${form.memberId}`).toBe(403);
    }
    expect(await members()).toEqual(before);
    expect(await auditCount()).toBe(audits);
  });

  it("lets the owner change a role, with an audit entry", async () => {
    const rep = (await memberOf("rep@aurora.test"))!;
    expect(rep.role).toBe("member");
    const response = await post(clients.owner, { intent: "change-role", memberId: rep.id, role: "manager" });
    expect(response.status).toBe(200);
    expect(response.body).toContain("Papel atualizado.");
    expect((await memberOf("rep@aurora.test"))!.role).toBe("manager");

    const [entry, ...more] = await auditRows("member.role_changed");
    expect(more).toHaveLength(0);
    expect(entry.actor_id).toBe(await userId("owner@aurora.test"));
    expect(entry.resource_id).toBe(rep.id);
    expect(entry.changes.before?.role).toBe("member");
    expect(entry.changes.after?.role).toBe("manager");
    expect(entry.ip_address).toMatch(/127\.0\.0\.1/);
    expect(entry.user_agent).toBe(USER_AGENT);
  });

  it("does not let an admin touch the owner or make owners", async () => {
    const manager = (await memberOf("manager@aurora.test"))!;
    expect((await post(clients.owner, { intent: "change-role", memberId: manager.id, role: "admin" })).status).toBe(200);
    expect((await memberOf("manager@aurora.test"))!.role).toBe("admin");
    const admin = clients.manager;

    // An admin now sees the page.
    expect((await admin.get(MEMBERS)).status).toBe(200);

    const owner = (await memberOf("owner@aurora.test"))!;
    const rep = (await memberOf("rep@aurora.test"))!;
    const before = await members();
    const audits = await auditCount();

    const demote = await post(admin, { intent: "change-role", memberId: owner.id, role: "member" });
    expect(demote.status).toBe(409);
    expect(demote.body).toContain("Só um proprietário pode alterar o papel de proprietários");
    const promote = await post(admin, { intent: "change-role", memberId: rep.id, role: "owner" });
    expect(promote.status).toBe(409);
    const self = await post(admin, { intent: "change-role", memberId: manager.id, role: "owner" });
    expect(self.status).toBe(409);
    const remove = await post(admin, { intent: "remove", memberId: owner.id });
    expect(remove.status).toBe(409);
    expect(remove.body).toContain("Só um proprietário pode remover outro proprietário.");

    expect(await members()).toEqual(before);
    expect((await memberOf("owner@aurora.test"))!.role).toBe("owner");
    expect(await auditCount()).toBe(audits);

    // Below their own rank an admin does manage roles.
    const allowed = await post(admin, { intent: "change-role", memberId: rep.id, role: "member" });
    expect(allowed.status).toBe(200);
    expect((await memberOf("rep@aurora.test"))!.role).toBe("member");
    const [latest] = (await auditRows("member.role_changed")).slice(-1);
    expect(latest.actor_id).toBe(await userId("manager@aurora.test"));
    expect(latest.changes).toMatchObject({ before: { role: "manager" }, after: { role: "member" } });
  });

  it("keeps the last owner: cannot be demoted and cannot leave", async () => {
    const owner = (await memberOf("owner@aurora.test"))!;
    expect((await members()).filter((m) => m.role === "owner")).toHaveLength(1);
    const audits = await auditCount();

    const demote = await post(clients.owner, { intent: "change-role", memberId: owner.id, role: "admin" });
    expect(demote.status).toBe(409);
    expect(demote.body).toContain("A organização precisa de ao menos um proprietário.");

    const leave = await post(clients.owner, { intent: "remove", memberId: owner.id });
    expect(leave.status).toBe(409);
    expect(leave.body).toContain("O último proprietário não pode sair.");

    expect((await memberOf("owner@aurora.test"))!.role).toBe("owner");
    expect(await auditCount()).toBe(audits);
    expect((await clients.owner.get("/o/aurora/board")).status).toBe(200);
  });

  it("lets the owner remove a member, with an audit entry", async () => {
    const viewer = (await memberOf("viewer@aurora.test"))!;
    const response = await post(clients.owner, { intent: "remove", memberId: viewer.id });
    expect(response.status).toBe(200);
    expect(response.body).toContain("Membro removido.");
    expect(await memberOf("viewer@aurora.test")).toBeUndefined();
    // The account itself stays; only the membership is gone.
    expect(await db.adminQuery("select 1 from users where email = 'viewer@aurora.test'")).toHaveLength(1);

    const [entry, ...more] = await auditRows("member.removed");
    expect(more).toHaveLength(0);
    expect(entry).toMatchObject({ actor_id: await userId("owner@aurora.test"), resource_id: viewer.id, user_agent: USER_AGENT });
    expect(entry.changes.before).toMatchObject({ role: "viewer", userId: await userId("viewer@aurora.test") });
    expect(entry.ip_address).toMatch(/127\.0\.0\.1/);

    // The removed person no longer reaches the organization (404, not 403).
    expect((await clients.viewer.get("/o/aurora/board")).status).toBe(404);
    // Removing again: the membership is gone.
    expect((await post(clients.owner, { intent: "remove", memberId: viewer.id })).status).toBe(404);
  });

  it("lets the first owner leave once a second owner exists", async () => {
    const admin = (await memberOf("manager@aurora.test"))!;
    const promote = await post(clients.owner, { intent: "change-role", memberId: admin.id, role: "owner" });
    expect(promote.status).toBe(200);
    expect((await members()).filter((m) => m.role === "owner").map((m) => m.email)).toEqual(["manager@aurora.test", "owner@aurora.test"]);

    const owner = (await memberOf("owner@aurora.test"))!;
    const leave = await post(clients.owner, { intent: "remove", memberId: owner.id });
    expect(leave.status).toBe(302);
    expect(leave.location).toBe("/");
    expect(await memberOf("owner@aurora.test")).toBeUndefined();
    expect((await members()).filter((m) => m.role === "owner").map((m) => m.email)).toEqual(["manager@aurora.test"]);

    const [entry] = await auditRows("member.left");
    expect(entry).toMatchObject({ actor_id: await userId("owner@aurora.test"), resource_id: owner.id, user_agent: USER_AGENT });
    expect(entry.changes.before).toMatchObject({ role: "owner" });

    expect((await clients.owner.get("/o/aurora/board")).status).toBe(404);
    // The remaining owner is now the last one.
    const newOwner = (await memberOf("manager@aurora.test"))!;
    expect((await post(clients.manager, { intent: "remove", memberId: newOwner.id })).status).toBe(409);
  });
});
