import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Role } from "~/lib/permissions";
import { addMember, signUpOrganization } from "../security/streams-factories";
import type { AuditRow } from "../support/audit";
import { comparablePage, markupOf, type TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";

const USER_AGENT = "retention-settings-test/1.0";
const DEFAULTS = { communications: "2557", media: "2557", ai: "1096", inbox: "30", audit: "1826" };
const ERRORS = {
  communications: "Informe um número inteiro de dias de 30 a 2.557.",
  media: "Informe um número inteiro de dias de 30 a 2.557.",
  ai: "Informe um número inteiro de dias de 30 a 1.096.",
  inbox: "Informe um número inteiro de dias de 7 a 30.",
  audit: "Informe um número inteiro de dias de 30 a 1.826.",
} as const;
type Kind = keyof typeof ERRORS;
const KINDS = Object.keys(ERRORS) as Kind[];

interface PolicyRow {
  communications_days: number;
  media_days: number;
  ai_days: number;
  inbox_days: number;
  audit_days: number;
  updated_by_id: string | null;
}

describe("retention settings (/o/:slug/settings/privacy)", () => {
  const db = useTestDatabase();
  const server = useTestServer();

  const page = (slug: string) => `/o/${slug}/settings/privacy`;
  const post = (client: TestClient, slug: string, form: Record<string, string>) => client.request(page(slug), { form, headers: { "user-agent": USER_AGENT } });
  const update = (client: TestClient, slug: string, days: Partial<Record<Kind, string>>) => post(client, slug, { intent: "update-retention", ...DEFAULTS, ...days });
  const policyOf = async (organizationId: string) =>
    (
      await db.adminQuery<PolicyRow>(
        "select communications_days, media_days, ai_days, inbox_days, audit_days, updated_by_id from retention_policies where organization_id = $1",
        [organizationId],
      )
    )[0] ?? null;
  const auditRows = (organizationId: string) =>
    db.adminQuery<AuditRow>(
      `select action, actor_id, resource_id, ip_address, user_agent, changes from audit_logs
        where organization_id = $1 and action = 'organization.retention_updated' order by created_at`,
      [organizationId],
    );
  /** The policy row and the audit trail, as the superuser sees them: what a refused request must leave as it was. */
  const snapshot = async (organizationId: string) =>
    JSON.stringify(
      await db.adminQuery(
        `select (select row_to_json(r)::text from retention_policies r where r.organization_id = $1) as policy,
                (select count(*) from audit_logs where organization_id = $1) as audits`,
        [organizationId],
      ),
    );
  /** The value of a period's input as the page renders it. */
  const fieldValue = (body: string, kind: Kind) => {
    const input = new RegExp(`<input[^>]*name="${kind}"[^>]*>`).exec(markupOf(body));
    if (!input) throw new Error(`no field ${kind}`);
    return /value="([^"]*)"/.exec(input[0])?.[1];
  };
  const withRoles = async (roles: Role[]) => {
    const organization = await signUpOrganization(server, db);
    const members = {} as Record<Role, { client: TestClient; userId: string }>;
    members.owner = { client: organization.owner, userId: organization.ownerId };
    for (const role of roles) members[role] = await addMember(server, db, organization.id, role);
    return { organization, members };
  };

  it("shows owners and admins the plan's defaults with each kind's minimum and why, with no row stored; the navigation links it", async () => {
    const { organization, members } = await withRoles(["admin"]);
    for (const role of ["owner", "admin"] as const) {
      const response = await members[role].client.get(page(organization.slug));
      expect(response.status, role).toBe(200);
      const markup = markupOf(response.body);
      for (const kind of KINDS) expect(fieldValue(response.body, kind), kind).toBe(DEFAULTS[kind]);
      expect(markup).toContain("Padrões do plano");
      expect(markup).toContain("LGPD: dados pessoais só pelo tempo necessário à finalidade.");
      expect(markup).toContain("Padrão do plano e máximo: 2.557 dias (7 anos). Mínimo: 30 dias.");
      expect(markup).toContain("Padrão do plano e máximo: 1.096 dias (3 anos). Mínimo: 30 dias.");
      expect(markup).toContain("Padrão do plano e máximo: 30 dias (1 mês). Mínimo: 7 dias.");
      expect(markup).toContain("Entregas brutas do WhatsApp e da Twilio");
      expect(markup).toMatch(/<label[^>]*>Conversas \(dias\)/);
      expect(markup).toContain('name="intent" value="update-retention"');
      const board = await members[role].client.get(`/o/${organization.slug}/board`);
      expect(markupOf(board.body)).toContain(`href="${page(organization.slug)}"`);
    }
    expect(await policyOf(organization.id)).toBeNull();
  });

  it("lets an admin shorten periods and an owner change them again: the row holds them and each change is audited with before and after", async () => {
    const { organization, members } = await withRoles(["admin"]);
    const admin = members.admin;

    const saved = await update(admin.client, organization.slug, { communications: " 1825 ", inbox: "7" });
    expect(saved.status, saved.body.slice(0, 300)).toBe(200);
    expect(saved.body).toContain("Prazos de retenção salvos.");
    expect(await policyOf(organization.id)).toEqual({
      communications_days: 1825,
      media_days: 2557,
      ai_days: 1096,
      inbox_days: 7,
      audit_days: 1826,
      updated_by_id: admin.userId,
    });
    const shown = await admin.client.get(page(organization.slug));
    expect(fieldValue(shown.body, "communications")).toBe("1825");
    expect(fieldValue(shown.body, "inbox")).toBe("7");
    expect(markupOf(shown.body)).toContain("Hoje: 1.825 dias (≈ 5 anos)");
    expect(markupOf(shown.body)).not.toContain("Padrões do plano");

    // The same values again change nothing and audit nothing.
    const again = await update(admin.client, organization.slug, { communications: "1825", inbox: "7" });
    expect(again.status).toBe(200);
    expect(again.body).toContain("Nada mudou.");

    // Both ends of every range are accepted.
    const minimums = { communications: "30", media: "30", ai: "30", inbox: "7", audit: "30" };
    expect((await update(organization.owner, organization.slug, minimums)).status).toBe(200);
    expect(await policyOf(organization.id)).toMatchObject({ communications_days: 30, media_days: 30, ai_days: 30, inbox_days: 7, audit_days: 30, updated_by_id: organization.ownerId });
    expect((await update(organization.owner, organization.slug, {})).status).toBe(200);
    expect(await policyOf(organization.id)).toMatchObject({ communications_days: 2557, media_days: 2557, ai_days: 1096, inbox_days: 30, audit_days: 1826 });

    const [{ id: policyId }] = await db.adminQuery<{ id: string }>("select id from retention_policies where organization_id = $1", [organization.id]);
    const audits = await auditRows(organization.id);
    expect(audits.map((row) => [row.actor_id, row.resource_id, row.user_agent, row.changes])).toEqual([
      [admin.userId, policyId, USER_AGENT, { before: { communications: 2557, inbox: 30 }, after: { communications: 1825, inbox: 7 } }],
      [
        organization.ownerId,
        policyId,
        USER_AGENT,
        { before: { communications: 1825, media: 2557, ai: 1096, audit: 1826 }, after: { communications: 30, media: 30, ai: 30, audit: 30 } },
      ],
      [
        organization.ownerId,
        policyId,
        USER_AGENT,
        { before: { communications: 30, media: 30, ai: 30, inbox: 7, audit: 30 }, after: { communications: 2557, media: 2557, ai: 1096, inbox: 30, audit: 1826 } },
      ],
    ]);
  });

  it("refuses a period below its minimum, above the plan's default, fractional, malformed, oversized or missing with 400 on that field, changing nothing", async () => {
    const { organization, members } = await withRoles(["admin"]);
    const { client } = members.admin;
    // A stored row too: a refused update must not touch it either.
    expect((await update(client, organization.slug, { ai: "365" })).status).toBe(200);
    const before = await snapshot(organization.id);
    const below = { communications: "29", media: "29", ai: "29", inbox: "6", audit: "29" };
    const above = { communications: "2558", media: "2558", ai: "1097", inbox: "31", audit: "1827" };
    for (const kind of KINDS) {
      for (const value of [below[kind], above[kind], "", "-30", "30.5", "45,5", "1e3", "0x20", "9".repeat(40), "trinta", "30abc", "0"]) {
        const response = await update(client, organization.slug, { [kind]: value });
        expect(response.status, `${kind}=${JSON.stringify(value)}`).toBe(400);
        expect(response.body, `${kind}=${JSON.stringify(value)}`).toContain(ERRORS[kind]);
        expect(response.body).toContain("Corrija os campos destacados.");
      }
      const { [kind]: _left, ...rest } = DEFAULTS;
      const missing = await post(client, organization.slug, { intent: "update-retention", ...rest });
      expect(missing.status, `${kind} missing`).toBe(400);
      expect(missing.body).toContain(ERRORS[kind]);
    }
    // A refused save changes no period, not even the valid ones sent with it.
    const mixed = await update(client, organization.slug, { communications: "100", inbox: "3" });
    expect(mixed.status).toBe(400);
    expect(markupOf(mixed.body)).toMatch(/aria-invalid="true"[^>]*name="inbox"|name="inbox"[^>]*aria-invalid="true"/);
    expect(markupOf(mixed.body)).not.toMatch(/aria-invalid="true"[^>]*name="communications"|name="communications"[^>]*aria-invalid="true"/);
    expect(await snapshot(organization.id)).toBe(before);
  });

  it("refuses managers, members and viewers with 403 on the page and the intent, changing nothing; their navigation has no link", async () => {
    const { organization, members } = await withRoles(["manager", "member", "viewer"]);
    const before = await snapshot(organization.id);
    for (const role of ["manager", "member", "viewer"] as const) {
      const { client } = members[role];
      expect((await client.get(page(organization.slug))).status, role).toBe(403);
      expect((await client.get(`${page(organization.slug)}.data`)).status, `${role} data`).toBe(403);
      expect((await update(client, organization.slug, { inbox: "7" })).status, role).toBe(403);
      const board = await client.get(`/o/${organization.slug}/board`);
      expect(board.status).toBe(200);
      expect(board.body).not.toContain(`href="${page(organization.slug)}"`);
    }
    expect(await snapshot(organization.id)).toBe(before);
  });

  it("answers another organization's admin 404 for this slug, like a slug that does not exist, and changes nothing", async () => {
    const { organization } = await withRoles([]);
    const other = await withRoles(["admin"]);
    const outsider = other.members.admin.client;
    const before = await snapshot(organization.id);

    const read = await outsider.get(page(organization.slug));
    expect(read.status).toBe(404);
    const unknownSlug = `nao-existe-${randomUUID().slice(0, 6)}`;
    const unknown = await outsider.get(page(unknownSlug));
    expect(comparablePage(read.body, organization.slug)).toBe(comparablePage(unknown.body, unknownSlug));
    expect((await update(outsider, organization.slug, { inbox: "7" })).status).toBe(404);
    expect(await snapshot(organization.id)).toBe(before);
    // Their own organization's settings are theirs, and untouched by the attempt.
    expect((await outsider.get(page(other.organization.slug))).status).toBe(200);
    expect(await policyOf(other.organization.id)).toBeNull();
  });

  it("answers an unknown or missing intent with 400, changing nothing", async () => {
    const { organization, members } = await withRoles(["admin"]);
    const before = await snapshot(organization.id);
    for (const form of [{ ...DEFAULTS, intent: "run-retention-now" }, { ...DEFAULTS, intent: "update-retention-x" }, { ...DEFAULTS }]) {
      const response = await post(members.admin.client, organization.slug, form);
      expect(response.status, JSON.stringify(form)).toBe(400);
      expect(response.body).toContain("Ação desconhecida.");
    }
    expect(await snapshot(organization.id)).toBe(before);
  });

  it("speaks English to a reader who chose it", async () => {
    const { organization } = await withRoles([]);
    await db.adminQuery("update users set locale = 'en' where id = $1", [organization.ownerId]);
    const response = await organization.owner.get(page(organization.slug));
    expect(response.status).toBe(200);
    const markup = markupOf(response.body);
    expect(markup).toContain("Data retention");
    expect(markup).toContain("Plan default and maximum: 2,557 days (7 years). Minimum: 30 days.");
    expect(markup).toMatch(/<label[^>]*>Conversations \(days\)/);
    const refused = await update(organization.owner, organization.slug, { inbox: "6" });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain("Enter a whole number of days from 7 to 30.");
  });
});
