import { beforeAll, describe, expect, it } from "vitest";
import { comparablePage, TestClient, type TestResponse } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";

/**
 * A signed-in user of one organization (boreal) aims every org-scoped page at
 * another (aurora), with real ids of aurora's rows (actions and the rest of the
 * route list: tests/security/route-tenancy.test.ts). Each attempt must
 * look exactly like an organization that does not exist (404, never 403) and
 * show none of aurora's data.
 */
describe("tenant isolation over HTTP", () => {
  const db = useTestDatabase();
  const server = useTestServer();

  const borealClient = new TestClient(server);
  const auroraOwner = new TestClient(server);

  const aurora = {
    orgId: "",
    lead: { id: "", fullName: "", email: "" },
    /** rep@aurora.test's membership: a real aurora membership id. */
    memberId: "",
    /** A pending aurora invitation created by aurora's owner through the app. */
    inviteId: "",
    inviteEmail: "prospect-hire@aurora-partner.test",
  };
  let borealOrgId = "";

  /** Strings that only aurora's pages could show; none may reach a boreal user. */
  const auroraMarkers = () => [
    "Agência Aurora",
    "Helena Duarte", // owner@aurora.test
    "Camila Nogueira", // rep@aurora.test
    "owner@aurora.test",
    "rep@aurora.test",
    aurora.lead.fullName,
    aurora.lead.email,
    aurora.inviteEmail,
    aurora.orgId,
  ];

  function expectNoAuroraData(response: TestResponse) {
    for (const marker of auroraMarkers()) {
      expect(marker, "marker must be non-empty to mean anything").not.toBe("");
      expect(response.body, `response leaks ${marker}`).not.toContain(marker);
    }
  }

  beforeAll(async () => {
    const orgs = await db.adminQuery<{ id: string; slug: string }>(`select id, slug from organizations where slug in ('aurora', 'boreal')`);
    aurora.orgId = orgs.find((o) => o.slug === "aurora")!.id;
    borealOrgId = orgs.find((o) => o.slug === "boreal")!.id;

    // An aurora lead with a timeline whose name and e-mail appear nowhere in boreal
    // (both organizations are generated from the same name pool) and need no HTML escaping.
    const [lead] = await db.adminQuery<{ id: string; full_name: string; email: string }>(
      `select l.id, l.full_name, l.email from leads l
        where l.organization_id = $1 and l.email is not null
          and l.full_name !~ '[''"&<>]' and l.email !~ '[''"&<>]'
          and exists (select 1 from communications c where c.lead_id = l.id)
          and not exists (select 1 from leads b where b.organization_id = $2 and (b.full_name = l.full_name or b.email = l.email))
        order by l.full_name limit 1`,
      [aurora.orgId, borealOrgId],
    );
    aurora.lead = { id: lead.id, fullName: lead.full_name, email: lead.email };

    const [member] = await db.adminQuery<{ id: string }>(
      `select m.id from organization_members m join users u on u.id = m.user_id where u.email = 'rep@aurora.test' and m.organization_id = $1`,
      [aurora.orgId],
    );
    aurora.memberId = member.id;

    await auroraOwner.login("owner@aurora.test");
    const invited = await auroraOwner.post("/o/aurora/settings/members", { intent: "invite", email: aurora.inviteEmail, role: "member" });
    expect(invited.status).toBe(200);
    const [invite] = await db.adminQuery<{ id: string }>(
      `select id from organization_invites where organization_id = $1 and email = $2 and status = 'pending'`,
      [aurora.orgId, aurora.inviteEmail],
    );
    aurora.inviteId = invite.id;

    await borealClient.login("owner@boreal.test");
  });

  const auroraPages = () => ["/o/aurora", "/o/aurora/board", `/o/aurora/leads/${aurora.lead.id}`, "/o/aurora/settings/members"];

  describe("controls: the same requests work for the right people", () => {
    it("aurora's owner sees the lead, the member and the invitation", async () => {
      const leadPage = await auroraOwner.get(`/o/aurora/leads/${aurora.lead.id}`);
      expect(leadPage.status).toBe(200);
      expect(leadPage.body).toContain(aurora.lead.fullName);
      const members = await auroraOwner.get("/o/aurora/settings/members");
      expect(members.status).toBe(200);
      expect(members.body).toContain(`data-member-id="${aurora.memberId}"`);
      expect(members.body).toContain(`data-invite-id="${aurora.inviteId}"`);
    });

    it("boreal's owner sees boreal's own pages, without aurora's data", async () => {
      const [borealLead] = await db.adminQuery<{ id: string }>(`select id from leads where organization_id = $1 limit 1`, [borealOrgId]);
      for (const path of ["/o/boreal/board", `/o/boreal/leads/${borealLead.id}`, "/o/boreal/settings/members"]) {
        const response = await borealClient.get(path);
        expect(response.status, path).toBe(200);
        expectNoAuroraData(response);
      }
    });
  });

  describe("pages of another organization", () => {
    it("answers 404 (never 403) and shows none of its data", async () => {
      for (const path of auroraPages()) {
        const response = await borealClient.get(path);
        expect(response.status, path).toBe(404);
        expectNoAuroraData(response);
      }
    });

    it("answers 404 to single-fetch data requests as well", async () => {
      for (const path of ["/o/aurora/board.data", `/o/aurora/leads/${aurora.lead.id}.data`, "/o/aurora/settings/members.data"]) {
        const response = await borealClient.get(path);
        expect(response.status, path).toBe(404);
        expectNoAuroraData(response);
      }
    });

    it("cannot be told apart from an organization that does not exist", async () => {
      for (const path of auroraPages()) {
        const foreign = await borealClient.get(path);
        const missing = await borealClient.get(path.replace("/o/aurora", "/o/no-such-org"));
        expect(missing.status, path).toBe(404);
        expect(foreign.status, path).toBe(missing.status);
        expect(comparablePage(foreign.body, "aurora"), path).toBe(comparablePage(missing.body, "no-such-org"));
      }
    });

    it("hides another organization's lead behind one's own slug", async () => {
      const response = await borealClient.get(`/o/boreal/leads/${aurora.lead.id}`);
      expect(response.status).toBe(404);
      expectNoAuroraData(response);
      const data = await borealClient.get(`/o/boreal/leads/${aurora.lead.id}.data`);
      expect(data.status).toBe(404);
      expectNoAuroraData(data);
    });
  });
});
