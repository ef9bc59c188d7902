import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Role } from "~/lib/permissions";
import { addMember, createLead, signUpOrganization, type TestOrganization } from "../security/streams-factories";
import type { AuditRow } from "../support/audit";
import { comparablePage, markupOf, type TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { setEnv } from "./support";

const USER_AGENT = "ai-settings-test/1.0";
const LIMIT_ERROR = "Informe um número inteiro de 0 a 100.000.";
/** Money as the page writes it, its no-break space read as a space (usage figures are compared as plain text). */
const brl = (amount: number) => new Intl.NumberFormat("pt-BR", { style: "currency", currency: "BRL" }).format(amount).replace(/\s/g, " ");

describe("AI settings (/o/:slug/settings/ai)", () => {
  const db = useTestDatabase();
  const server = useTestServer();

  const page = (slug: string) => `/o/${slug}/settings/ai`;
  const post = (client: TestClient, slug: string, form: Record<string, string>) => client.request(page(slug), { form, headers: { "user-agent": USER_AGENT } });
  const settingsOf = async (organizationId: string) =>
    (await db.adminQuery<{ ai_enabled: boolean; ai_monthly_limit: number }>("select ai_enabled, ai_monthly_limit from organizations where id = $1", [organizationId]))[0];
  const auditRows = (organizationId: string) =>
    db.adminQuery<AuditRow>(
      `select action, actor_id, resource_id, ip_address, user_agent, changes from audit_logs
        where organization_id = $1 and action = 'organization.ai_settings_updated' order by created_at`,
      [organizationId],
    );
  /** The organization's row and its audit trail, as the superuser sees them: what a refused request must leave as it was. */
  const snapshot = async (organizationId: string) =>
    JSON.stringify(
      await db.adminQuery(
        `select (select row_to_json(o)::text from organizations o where o.id = $1) as organization,
                (select count(*) from audit_logs where organization_id = $1) as audits`,
        [organizationId],
      ),
    );
  /** One usage figure of the page (`data-ai-usage`), its text without markup. */
  const figure = (body: string, name: string) => {
    const match = new RegExp(`data-ai-usage="${name}"[^>]*>([\\s\\S]*?)</div>`).exec(markupOf(body));
    if (!match) throw new Error(`no usage figure ${name}`);
    return match[1].replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();
  };
  const withRoles = async (roles: Role[]) => {
    const organization = await signUpOrganization(server, db);
    const members = {} as Record<Role, { client: TestClient; userId: string }>;
    members.owner = { client: organization.owner, userId: organization.ownerId };
    for (const role of roles) members[role] = await addMember(server, db, organization.id, role);
    return { organization, members };
  };
  const usageRow = (organization: TestOrganization | string, row: { kind: "summary" | "transcription"; input: number; output: number; cost: string; at?: string }) =>
    db.adminQuery(
      `insert into ai_usage (id, organization_id, kind, model, input_tokens, output_tokens, audio_seconds, cost_brl, succeeded, created_at)
       values ($1, $2, $3, 'gpt-4o-mini', $4, $5, $6, $7, true, ${row.at ?? "now()"})`,
      [randomUUID(), typeof organization === "string" ? organization : organization.id, row.kind, row.input, row.output, row.kind === "transcription" ? 30 : null, row.cost],
    );
  /** An instant in the previous calendar month of the organization's time zone (the page's "this month" starts at its first instant). */
  const LAST_MONTH = `(date_trunc('month', now() at time zone 'America/Sao_Paulo') at time zone 'America/Sao_Paulo') - interval '1 hour'`;

  it("shows owners and admins the page: off by default, local analysis, the default limit and an empty month; the navigation links it", async () => {
    const { organization, members } = await withRoles(["admin"]);
    for (const role of ["owner", "admin"] as const) {
      const response = await members[role].client.get(page(organization.slug));
      expect(response.status, role).toBe(200);
      const markup = markupOf(response.body);
      expect(markup).toContain("Inteligência artificial");
      expect(markup).toMatch(/role="switch"[^>]*aria-checked="false"|aria-checked="false"[^>]*role="switch"/);
      expect(markup).toContain("Desligada: nada é calculado e nada sai do sistema — nem a análise local roda.");
      expect(markup).toContain("Análise local, nada sai do sistema");
      expect(markup).toMatch(/name="monthlyLimit"[^>]*value="100"|value="100"[^>]*name="monthlyLimit"/);
      expect(markup).toContain("análises locais não contam");
      expect(figure(response.body, "summaries")).toContain("0 de 100");
      expect(figure(response.body, "cost")).toContain(brl(0).replace(/,00$/, ""));
      expect(markup).not.toContain("Limite mensal atingido");
      const board = await members[role].client.get(`/o/${organization.slug}/board`);
      expect(markupOf(board.body)).toContain(`href="${page(organization.slug)}"`);
    }
  });

  it("lets an admin turn AI on and off and an owner set the limit, each change stored and audited with before and after", async () => {
    const { organization, members } = await withRoles(["admin"]);
    const admin = members.admin;

    const on = await post(admin.client, organization.slug, { intent: "set-enabled", enabled: "on" });
    expect(on.status, on.body.slice(0, 300)).toBe(200);
    expect(on.body).toContain("IA ligada.");
    expect(await settingsOf(organization.id)).toEqual({ ai_enabled: true, ai_monthly_limit: 100 });
    const shown = markupOf((await admin.client.get(page(organization.slug))).body);
    expect(shown).toMatch(/role="switch"[^>]*aria-checked="true"|aria-checked="true"[^>]*role="switch"/);
    expect(shown).toContain("sem chave de provedor, os resumos vêm da análise local, feita neste servidor. Nada sai do sistema.");

    // The same state again changes nothing and audits nothing.
    const again = await post(admin.client, organization.slug, { intent: "set-enabled", enabled: "on" });
    expect(again.status).toBe(200);
    expect(again.body).toContain("Nada mudou.");

    const off = await post(admin.client, organization.slug, { intent: "set-enabled", enabled: "off" });
    expect(off.status).toBe(200);
    expect(off.body).toContain("IA desligada: nada mais é calculado nem enviado.");
    expect((await settingsOf(organization.id)).ai_enabled).toBe(false);

    const limit = await post(organization.owner, organization.slug, { intent: "set-limit", monthlyLimit: " 2500 " });
    expect(limit.status, limit.body.slice(0, 300)).toBe(200);
    expect(limit.body).toContain("Limite mensal salvo: 2.500 resumos por IA.");
    expect(await settingsOf(organization.id)).toEqual({ ai_enabled: false, ai_monthly_limit: 2500 });
    expect(markupOf((await organization.owner.get(page(organization.slug))).body)).toMatch(/name="monthlyLimit"[^>]*value="2500"|value="2500"[^>]*name="monthlyLimit"/);

    // Both ends of the range are accepted.
    for (const value of ["0", "100000"]) {
      const response = await post(admin.client, organization.slug, { intent: "set-limit", monthlyLimit: value });
      expect(response.status, value).toBe(200);
      expect((await settingsOf(organization.id)).ai_monthly_limit).toBe(Number(value));
    }

    const audits = await auditRows(organization.id);
    expect(audits.map((row) => [row.actor_id, row.resource_id, row.user_agent, row.changes])).toEqual([
      [admin.userId, organization.id, USER_AGENT, { before: { aiEnabled: false }, after: { aiEnabled: true } }],
      [admin.userId, organization.id, USER_AGENT, { before: { aiEnabled: true }, after: { aiEnabled: false } }],
      [organization.ownerId, organization.id, USER_AGENT, { before: { aiMonthlyLimit: 100 }, after: { aiMonthlyLimit: 2500 } }],
      [admin.userId, organization.id, USER_AGENT, { before: { aiMonthlyLimit: 2500 }, after: { aiMonthlyLimit: 0 } }],
      [admin.userId, organization.id, USER_AGENT, { before: { aiMonthlyLimit: 0 }, after: { aiMonthlyLimit: 100000 } }],
    ]);
  });

  it("refuses managers, members and viewers with 403 on the page and both intents, changing nothing; their navigation has no link", async () => {
    const { organization, members } = await withRoles(["manager", "member", "viewer"]);
    const before = await snapshot(organization.id);
    for (const role of ["manager", "member", "viewer"] as const) {
      const { client } = members[role];
      expect((await client.get(page(organization.slug))).status, role).toBe(403);
      expect((await client.get(`${page(organization.slug)}.data`)).status, `${role} data`).toBe(403);
      expect((await post(client, organization.slug, { intent: "set-enabled", enabled: "on" })).status, role).toBe(403);
      expect((await post(client, organization.slug, { intent: "set-limit", monthlyLimit: "5000" })).status, role).toBe(403);
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
    const forms: Record<string, string>[] = [
      { intent: "set-enabled", enabled: "on" },
      { intent: "set-limit", monthlyLimit: "5000" },
    ];
    for (const form of forms) {
      expect((await post(outsider, organization.slug, form)).status, form.intent).toBe(404);
    }
    expect(await snapshot(organization.id)).toBe(before);
    // Their own organization's page is theirs.
    expect((await outsider.get(page(other.organization.slug))).status).toBe(200);
  });

  it("refuses a malformed, negative, fractional or oversized limit and a bad switch value with 400 on the field, changing nothing", async () => {
    const { organization, members } = await withRoles(["admin"]);
    const { client } = members.admin;
    const before = await snapshot(organization.id);
    for (const value of ["", "-1", "1.5", "2,5", "1e3", "0x10", "100001", "9".repeat(40), "cem", "12abc", "50\0"]) {
      const response = await post(client, organization.slug, { intent: "set-limit", monthlyLimit: value });
      expect(response.status, JSON.stringify(value)).toBe(400);
      expect(response.body, JSON.stringify(value)).toContain(LIMIT_ERROR);
      expect(response.body).toContain("Corrija os campos destacados.");
    }
    const missing = await post(client, organization.slug, { intent: "set-limit" });
    expect(missing.status).toBe(400);
    expect(missing.body).toContain(LIMIT_ERROR);
    for (const enabled of ["yes", "true", "", "on ".repeat(3)]) {
      const response = await post(client, organization.slug, { intent: "set-enabled", enabled });
      expect(response.status, enabled).toBe(400);
      expect(response.body).toContain("Escolha ligar ou desligar a IA.");
    }
    // The page shows the error next to the field.
    const shown = await post(client, organization.slug, { intent: "set-limit", monthlyLimit: "-5" });
    expect(markupOf(shown.body)).toMatch(/aria-invalid="true"[^>]*name="monthlyLimit"|name="monthlyLimit"[^>]*aria-invalid="true"/);
    expect(await snapshot(organization.id)).toBe(before);
  });

  it("answers an unknown or missing intent with 400, changing nothing", async () => {
    const { organization, members } = await withRoles(["admin"]);
    const before = await snapshot(organization.id);
    const forms: Record<string, string>[] = [{ intent: "delete-everything", enabled: "on" }, { intent: "set-limit-x", monthlyLimit: "5" }, { enabled: "on" }];
    for (const form of forms) {
      const response = await post(members.admin.client, organization.slug, form);
      expect(response.status, JSON.stringify(form)).toBe(400);
      expect(response.body).toContain("Ação desconhecida.");
    }
    expect(await snapshot(organization.id)).toBe(before);
  });

  it("shows this month's usage of this organization only: not last month's, not another organization's", async () => {
    const { organization } = await withRoles([]);
    const other = await signUpOrganization(server, db);
    const leadId = await createLead(db, organization.owner, organization);

    await usageRow(organization, { kind: "summary", input: 1000, output: 200, cost: "1.250000" });
    await usageRow(organization, { kind: "summary", input: 2000, output: 300, cost: "2.500000" });
    await usageRow(organization, { kind: "summary", input: 500, output: 100, cost: "0.000000" });
    await usageRow(organization, { kind: "transcription", input: 0, output: 0, cost: "0.750000" });
    // Neither of these may show: last month's, and another organization's this month.
    await usageRow(organization, { kind: "summary", input: 90000, output: 9000, cost: "40.000000", at: LAST_MONTH });
    await usageRow(other.id, { kind: "summary", input: 70000, output: 7000, cost: "30.000000" });
    // Local analyses: two this month, one last month.
    for (const at of ["now()", "now()", LAST_MONTH]) {
      await db.adminQuery(
        `insert into ai_summaries (id, organization_id, lead_id, provider, model, status, trigger, input_fingerprint, entry_count, created_at)
         values (gen_random_uuid(), $1, $2, 'local', 'local-analyzer-1', 'succeeded', 'auto', md5(random()::text) || md5(random()::text), 1, ${at})`,
        [organization.id, leadId],
      );
    }

    const response = await organization.owner.get(page(organization.slug));
    expect(response.status).toBe(200);
    expect(figure(response.body, "summaries")).toContain("3 de 100");
    expect(response.body).toMatch(/aria-valuenow="3"/);
    expect(figure(response.body, "tokens")).toContain("4.100");
    expect(figure(response.body, "tokens")).toContain("3.500 de entrada · 600 de saída");
    expect(figure(response.body, "cost")).toContain(brl(4.5));
    expect(figure(response.body, "transcriptions")).toMatch(/^Transcrições de chamadas 1\b/);
    expect(figure(response.body, "local")).toMatch(/^Análises locais 2\b/);
    // A local analysis costs nothing and does not count: no limit notice.
    expect(markupOf(response.body)).not.toContain("Limite mensal atingido");

    // The other organization sees its own month only.
    const theirs = await other.owner.get(page(other.slug));
    expect(figure(theirs.body, "summaries")).toContain("1 de 100");
    expect(figure(theirs.body, "tokens")).toContain("77.000");
    expect(figure(theirs.body, "local")).toMatch(/^Análises locais 0\b/);
  });

  it("with a provider key names OpenAI and its model, and says summaries are paused once the month's limit is spent", async () => {
    const { organization, members } = await withRoles(["admin"]);
    const { client } = members.admin;
    setEnv({ OPENAI_API_KEY: "sk-settings-test-key", OPENAI_MODEL: "gpt-settings-test" });
    try {
      expect((await post(client, organization.slug, { intent: "set-enabled", enabled: "on" })).status).toBe(200);
      expect((await post(client, organization.slug, { intent: "set-limit", monthlyLimit: "2" })).status).toBe(200);
      await usageRow(organization, { kind: "summary", input: 100, output: 10, cost: "0.004000" });

      const below = markupOf((await client.get(page(organization.slug))).body);
      expect(below).toContain("OpenAI · modelo gpt-settings-test");
      expect(below).toContain("as conversas dos leads são enviadas à OpenAI");
      expect(below).toContain("Telefones e e-mails de terceiros citados nas mensagens são mascarados antes do envio.");
      expect(below).not.toContain("Limite mensal atingido");
      // Under a cent is not "nothing".
      expect(figure(below, "cost")).toContain(`menos de ${brl(0.01)}`);
      expect(below).not.toContain("sk-settings-test-key");

      await usageRow(organization, { kind: "summary", input: 100, output: 10, cost: "0.004000" });
      const reached = await client.get(page(organization.slug));
      expect(markupOf(reached.body)).toContain("Limite mensal atingido: resumos automáticos pausados até o próximo mês ou até aumentar o limite.");
      expect(figure(reached.body, "summaries")).toContain("2 de 2");
      expect(reached.body).not.toContain("sk-settings-test-key");

      // Raising the limit lifts the pause.
      expect((await post(client, organization.slug, { intent: "set-limit", monthlyLimit: "3" })).status).toBe(200);
      expect(markupOf((await client.get(page(organization.slug))).body)).not.toContain("Limite mensal atingido");
    } finally {
      setEnv({ OPENAI_API_KEY: undefined, OPENAI_MODEL: undefined });
    }
  });

  it("speaks English to a reader who chose it", async () => {
    const { organization } = await withRoles([]);
    await db.adminQuery("update users set locale = 'en' where id = $1", [organization.ownerId]);
    const response = await organization.owner.get(page(organization.slug));
    expect(response.status).toBe(200);
    const markup = markupOf(response.body);
    expect(markup).toContain("Artificial intelligence");
    expect(markup).toContain("Off: nothing is computed and nothing leaves the system");
    expect(markup).toContain("local analyses do not");
    const refused = await post(organization.owner, organization.slug, { intent: "set-limit", monthlyLimit: "-1" });
    expect(refused.body).toContain("Enter a whole number from 0 to 100,000.");
  });
});
