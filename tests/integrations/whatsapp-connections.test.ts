import { randomUUID } from "node:crypto";
import { Logger, runOnce } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { taskList } from "@worker/task-list";
import { startGraphStandIn, type GraphStandIn } from "~/server/graph-stand-in";
import { findWhatsAppConnectionByKey } from "~/modules/whatsapp/find-whatsapp-connection-by-key.server";
import { pickNewLeadAssignee } from "~/modules/whatsapp/pick-new-lead-assignee.server";
import { withOrganization } from "~/utils/db.server";
import { openSecret } from "~/utils/secret-box.server";
import { resetEnv } from "~/utils/env.server";
import { DEMO_WHATSAPP_CONNECTIONS } from "@db/seeds/demo-whatsapp";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import type { AuditRow } from "../support/audit";

const PAGE = "/o/aurora/settings/integrations";
const USER_AGENT = "integrations-test/1.0";
const quietLogger = new Logger(() => () => {});

const SECRETS = {
  appSecret: "app-secret-0123456789abcdef-AURA",
  verifyToken: "verifica-aurora-VTOK",
  accessToken: "EAAGaccess-token-aurora-0123456789-TOKN",
};
const NEW_ACCESS_TOKEN = "EAAGreplaced-access-token-9876543210-NEWT";
const ROTATED_APP_SECRET = "rotated-app-secret-fedcba9876543210-ROTA";
const EVERY_SECRET = [...Object.values(SECRETS), NEW_ACCESS_TOKEN, ROTATED_APP_SECRET];

interface ConnectionRow {
  id: string;
  organization_id: string;
  connection_key: string;
  name: string;
  waba_id: string;
  app_secret: string;
  verify_token: string;
  access_token: string;
  new_lead_assignment: string;
  templates_synced_at: Date | null;
  templates_sync_requested_at: Date | null;
  templates_sync_error: string | null;
}

describe("WhatsApp connections on the integrations page", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const clients: Record<"owner" | "admin" | "manager" | "rep" | "viewer" | "borealOwner", TestClient> = {} as never;
  let auroraId = "";
  let connectionId = "";
  let standIn: GraphStandIn | undefined;

  const wabaId = "120000000000777";
  const post = (client: TestClient, form: Record<string, string>) => client.request(PAGE, { form, headers: { "user-agent": USER_AGENT } });
  const connection = async (id = connectionId) =>
    (await db.adminQuery<ConnectionRow>("select * from whatsapp_connections where id = $1", [id]))[0];
  const numbersOf = async (id = connectionId) =>
    db.adminQuery<{ phone_number_id: string; display_phone_number: string }>(
      "select phone_number_id, display_phone_number from whatsapp_phone_numbers where connection_id = $1 order by phone_number_id",
      [id],
    );
  const auditRows = (action: string) =>
    db.adminQuery<AuditRow>(
      "select action, actor_id, resource_id, ip_address, user_agent, changes from audit_logs where organization_id = $1 and action = $2 order by created_at",
      [auroraId, action],
    );
  /** Every table a connection change could touch, as the superuser sees it. */
  const snapshot = async () =>
    JSON.stringify(
      await Promise.all(
        ["whatsapp_connections", "whatsapp_phone_numbers", "whatsapp_templates", "audit_logs"].map((table) =>
          db.adminQuery(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${table} t`),
        ),
      ),
    );
  const expectNoSecret = (text: string) => {
    for (const secret of EVERY_SECRET) expect(text, `contains ${secret}`).not.toContain(secret);
  };
  const work = () => runOnce({ connectionString: db.ownerUrl, taskList, logger: quietLogger, noHandleSignals: true });

  beforeAll(async () => {
    [{ id: auroraId }] = await db.adminQuery<{ id: string }>("select id from organizations where slug = 'aurora'");
    // An admin (the lowest role with integration:manage), with the demo password.
    const adminId = randomUUID();
    await db.adminQuery(
      `insert into users (id, email, password_hash, full_name, created_at, updated_at)
       select $1, 'admin@aurora.test', password_hash, 'Laura Admin', now(), now() from users where email = 'owner@aurora.test'`,
      [adminId],
    );
    await db.adminQuery(`insert into organization_members (id, organization_id, user_id, role, joined_at, updated_at) values ($1, $2, $3, 'admin', now(), now())`, [
      randomUUID(),
      auroraId,
      adminId,
    ]);
    for (const [name, email] of [
      ["owner", "owner@aurora.test"],
      ["admin", "admin@aurora.test"],
      ["manager", "manager@aurora.test"],
      ["rep", "rep@aurora.test"],
      ["viewer", "viewer@aurora.test"],
      ["borealOwner", "owner@boreal.test"],
    ] as const) {
      clients[name] = new TestClient(server);
      await clients[name].login(email);
    }
  });

  afterAll(async () => {
    await standIn?.close();
    delete process.env.WHATSAPP_GRAPH_URL;
    resetEnv();
  });

  it("lets an admin connect a WABA; the secrets are stored sealed, each for its own column", async () => {
    const response = await post(clients.admin, {
      intent: "create-connection",
      name: "WhatsApp Comercial",
      wabaId,
      numbers: "109000000000001 +55 11 98765-4321",
      ...SECRETS,
      newLeadAssignment: "unassigned",
    });
    expect(response.status, response.body.slice(0, 300)).toBe(200);
    expect(response.body).toContain("WhatsApp Comercial&quot; conectado. Agora configure a URL de callback no Meta.");
    expectNoSecret(response.body);

    const [row] = await db.adminQuery<ConnectionRow>("select * from whatsapp_connections where organization_id = $1 and waba_id = $2", [auroraId, wabaId]);
    connectionId = row.id;
    expect(row.connection_key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(row.new_lead_assignment).toBe("unassigned");
    for (const [field, column, purpose] of [
      ["appSecret", row.app_secret, "whatsapp.app_secret"],
      ["verifyToken", row.verify_token, "whatsapp.verify_token"],
      ["accessToken", row.access_token, "whatsapp.access_token"],
    ] as const) {
      expect(column).toMatch(/^v1\./);
      expect(column).not.toContain(SECRETS[field]);
      expect(openSecret(column, purpose)).toBe(SECRETS[field]);
    }
    // A ciphertext copied into another column does not open there.
    expect(() => openSecret(row.app_secret, "whatsapp.access_token")).toThrow();
    expect(await numbersOf()).toEqual([{ phone_number_id: "109000000000001", display_phone_number: "+55 11 98765-4321" }]);

    const [entry, ...more] = await auditRows("whatsapp.connection_created");
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ resource_id: connectionId, user_agent: USER_AGENT });
    expect(entry.changes.after).toMatchObject({ name: "WhatsApp Comercial", wabaId, appSecret: "set", verifyToken: "set", accessToken: "set" });
    expectNoSecret(JSON.stringify(entry));
  });

  it("shows the webhook URL and the secrets' last 4 characters, never a whole secret, in the page or its data", async () => {
    const { connection_key } = await connection();
    const page = await clients.admin.get(PAGE);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`value="http://localhost:3000/webhooks/whatsapp/${connection_key}"`);
    expect(page.body).toMatch(/<input[^>]*readonly=""[^>]*value="http:\/\/localhost:3000\/webhooks\/whatsapp\//);
    for (const last4 of ["AURA", "VTOK", "TOKN"]) expect(page.body).toContain(`••••${last4}`);
    expect(page.body).toContain("assine o campo messages");
    expectNoSecret(page.body);

    const data = await clients.admin.get(`${PAGE}.data`);
    expect(data.status).toBe(200);
    expect(data.body).toContain("WhatsApp Comercial");
    expect(data.body).toContain(connection_key);
    expectNoSecret(data.body);
    // Nor their ciphertexts: nothing sealed leaves the server.
    const row = await connection();
    for (const sealed of [row.app_secret, row.verify_token, row.access_token]) {
      expect(page.body).not.toContain(sealed);
      expect(data.body).not.toContain(sealed);
    }
  });

  it("links the page from the settings navigation for admins only", async () => {
    expect((await clients.admin.get("/o/aurora/board")).body).toContain(`href="${PAGE}"`);
    expect((await clients.manager.get("/o/aurora/board")).body).not.toContain(`href="${PAGE}"`);
  });

  it("replaces only the secrets given anew, the numbers and the new-lead policy, and audits which changed", async () => {
    const before = await connection();
    const response = await post(clients.admin, {
      intent: "update-connection",
      connectionId,
      name: "WhatsApp Comercial SP",
      numbers: "109000000000001 +55 11 98765-4321\n109000000000002 +55 11 3333-4444",
      appSecret: "",
      verifyToken: "",
      accessToken: NEW_ACCESS_TOKEN,
      newLeadAssignment: "round_robin",
    });
    expect(response.status, response.body.slice(0, 300)).toBe(200);
    const after = await connection();
    expect(after).toMatchObject({ name: "WhatsApp Comercial SP", new_lead_assignment: "round_robin", app_secret: before.app_secret, verify_token: before.verify_token });
    expect(after.access_token).not.toBe(before.access_token);
    expect(openSecret(after.access_token, "whatsapp.access_token")).toBe(NEW_ACCESS_TOKEN);
    expect((await numbersOf()).map((n) => n.phone_number_id)).toEqual(["109000000000001", "109000000000002"]);

    const [entry] = await auditRows("whatsapp.connection_updated");
    expect(entry.changes).toEqual({
      before: { name: "WhatsApp Comercial", newLeadAssignment: "unassigned" },
      after: { name: "WhatsApp Comercial SP", newLeadAssignment: "round_robin", accessToken: "replaced", phoneNumbersAdded: ["109000000000002"] },
    });
    expectNoSecret(JSON.stringify(entry));

    const removed = await post(clients.admin, {
      intent: "update-connection",
      connectionId,
      name: "WhatsApp Comercial SP",
      numbers: "109000000000002 +55 11 3333-4444",
      newLeadAssignment: "round_robin",
    });
    expect(removed.status).toBe(200);
    expect((await numbersOf()).map((n) => n.phone_number_id)).toEqual(["109000000000002"]);
    expect((await auditRows("whatsapp.connection_updated")).at(-1)!.changes.after).toEqual({ phoneNumbersRemoved: ["109000000000001"] });
  });

  it("hands new leads round-robin to the members who work leads, in order of joining, when the policy says so", async () => {
    const userOf = async (email: string) => (await db.adminQuery<{ id: string }>("select id from users where email = $1", [email]))[0].id;
    const expected = await Promise.all(["owner@aurora.test", "manager@aurora.test", "rep@aurora.test", "admin@aurora.test"].map(userOf));
    const picked: (string | null)[] = [];
    for (let i = 0; i < 5; i++) picked.push(await withOrganization(auroraId, (tx) => pickNewLeadAssignee(tx, auroraId, connectionId)));
    // The viewer never gets one; after the last member it starts over.
    expect(picked).toEqual([...expected, expected[0]]);
    const [demo] = await db.adminQuery<{ id: string }>("select id from whatsapp_connections where organization_id = $1 and demo", [auroraId]);
    expect(await withOrganization(auroraId, (tx) => pickNewLeadAssignee(tx, auroraId, demo.id))).toBeNull();
    // Another organization's transaction cannot read, nor move, this connection's cursor.
    const [{ id: borealId }] = await db.adminQuery<{ id: string }>("select id from organizations where slug = 'boreal'");
    expect(await withOrganization(borealId, (tx) => pickNewLeadAssignee(tx, borealId, connectionId))).toBeNull();
  });

  it("refuses bad input with a 400 and errors on the fields, changing nothing", async () => {
    const before = await snapshot();
    const bad = await post(clients.admin, {
      intent: "create-connection",
      name: "",
      wabaId: "12ab",
      numbers: "not-an-id +55",
      appSecret: "short",
      verifyToken: "com espaço no meio",
      accessToken: "x",
    });
    expect(bad.status).toBe(400);
    for (const sentence of [
      "Dê um nome à conexão.",
      "O ID da conta do WhatsApp Business tem só dígitos",
      "Cada linha: o ID do número",
      "A chave secreta do app tem de 16 a 128 caracteres",
      "O token de verificação tem de 8 a 128 caracteres",
      "O token de acesso tem de 20 a 2048 caracteres",
    ]) {
      expect(bad.body).toContain(sentence);
    }
    const tooMany = Array.from({ length: 21 }, (_, i) => `1090000000001${String(i).padStart(2, "0")} +55 11 90000-00${String(i).padStart(2, "0")}`).join("\n");
    const attempts: Record<string, string>[] = [
      // The same WABA twice in one organization.
      { intent: "create-connection", name: "Outra", wabaId, numbers: "109000000000009 +55 11 90000-0009", ...SECRETS },
      // A number another connection of the organization has (the demo connection's).
      { intent: "create-connection", name: "Outra", wabaId: "120000000000778", numbers: `${DEMO_WHATSAPP_CONNECTIONS.aurora.phoneNumbers[0].id} +55 11 4000-0001`, ...SECRETS },
      { intent: "create-connection", name: "Outra", wabaId: "120000000000779", numbers: tooMany, ...SECRETS },
      { intent: "create-connection", name: "Outra", wabaId: "120000000000779", numbers: "109000000000009 +55 11 90000-0009\n109000000000009 +55 11 90000-0008", ...SECRETS },
      { intent: "update-connection", connectionId, name: "X", numbers: "", newLeadAssignment: "round_robin" },
      { intent: "update-connection", connectionId, name: "X", numbers: "109000000000002 +55 11 3333-4444", newLeadAssignment: "everyone" },
      { intent: "rotate-connection", connectionId, appSecret: "" },
      { intent: "sync-templates", connectionId: "not-a-uuid" },
      { intent: "delete-everything", connectionId },
    ];
    const expected = ["já está conectada", "já pertence a outra conexão", "No máximo 20 números", "aparece mais de uma vez", "Informe ao menos um número", "Escolha como distribuir", "A chave secreta do app", "Conexão inválida", "Ação desconhecida"];
    for (const [i, form] of attempts.entries()) {
      const response = await post(clients.admin, form);
      expect(response.status, `${form.intent} ${i}`).toBe(400);
      expect(response.body, `${form.intent} ${i}`).toContain(expected[i]);
      expectNoSecret(response.body);
    }
    expect(await snapshot()).toBe(before);
  });

  it("refuses the page and every change to managers, members and viewers, changing nothing", async () => {
    const before = await snapshot();
    for (const name of ["manager", "rep", "viewer"] as const) {
      const page = await clients[name].get(PAGE);
      expect(page.status, name).toBe(403);
      expect(page.body).not.toContain("WhatsApp Comercial");
      const forms: Record<string, string>[] = [
        { intent: "create-connection", name: "Intrusa", wabaId: "120000000000999", numbers: "109000000000999 +55 11 90000-0999", ...SECRETS },
        { intent: "update-connection", connectionId, name: "Intrusa", numbers: "109000000000002 +55 11 3333-4444", newLeadAssignment: "unassigned", accessToken: NEW_ACCESS_TOKEN },
        { intent: "rotate-connection", connectionId, appSecret: ROTATED_APP_SECRET },
        { intent: "disconnect-connection", connectionId },
        { intent: "sync-templates", connectionId },
      ];
      for (const form of forms) {
        expect((await post(clients[name], form)).status, `${name} ${form.intent}`).toBe(403);
      }
    }
    expect(await snapshot()).toBe(before);
  });

  it("answers 404 to another organization's owner naming this connection, changing nothing", async () => {
    const before = await snapshot();
    const forms: Record<string, string>[] = [
      { intent: "update-connection", connectionId, name: "Sequestro", numbers: "109000000000002 +55 11 3333-4444", newLeadAssignment: "unassigned" },
      { intent: "rotate-connection", connectionId, appSecret: ROTATED_APP_SECRET },
      { intent: "disconnect-connection", connectionId },
      { intent: "sync-templates", connectionId },
    ];
    for (const form of forms) {
      const response = await clients.borealOwner.request("/o/boreal/settings/integrations", { form });
      expect(response.status, form.intent).toBe(404);
    }
    expect((await clients.borealOwner.get(PAGE)).status).toBe(404);
    const boreal = await clients.borealOwner.get("/o/boreal/settings/integrations");
    expect(boreal.status).toBe(200);
    expect(boreal.body).not.toContain("WhatsApp Comercial");
    expect(await snapshot()).toBe(before);
  });

  it("finds a connection by its webhook key alone, opening only the app secret and verify token", async () => {
    const { connection_key } = await connection();
    expect(await findWhatsAppConnectionByKey(connection_key)).toEqual({
      id: connectionId,
      organizationId: auroraId,
      appSecret: SECRETS.appSecret,
      verifyToken: SECRETS.verifyToken,
    });
    const [{ id: borealId }] = await db.adminQuery<{ id: string }>("select id from organizations where slug = 'boreal'");
    expect(await findWhatsAppConnectionByKey(DEMO_WHATSAPP_CONNECTIONS.boreal.connectionKey)).toMatchObject({
      organizationId: borealId,
      appSecret: DEMO_WHATSAPP_CONNECTIONS.boreal.appSecret,
    });
    for (const key of ["A".repeat(43), "short", "with/slash-and-more-characters", "", connection_key.slice(0, 42)]) {
      expect(await findWhatsAppConnectionByKey(key), key).toBeNull();
    }
  });

  it("rotates to a new webhook key and app secret; the old URL names nothing", async () => {
    const before = await connection();
    const response = await post(clients.admin, { intent: "rotate-connection", connectionId, appSecret: ROTATED_APP_SECRET });
    expect(response.status).toBe(200);
    expect(response.body).toContain("Atualize a URL de callback no Meta");
    const after = await connection();
    expect(after.connection_key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(after.connection_key).not.toBe(before.connection_key);
    expect(openSecret(after.app_secret, "whatsapp.app_secret")).toBe(ROTATED_APP_SECRET);
    expect(after.verify_token).toBe(before.verify_token);
    expect(await findWhatsAppConnectionByKey(before.connection_key)).toBeNull();
    expect(await findWhatsAppConnectionByKey(after.connection_key)).toMatchObject({ appSecret: ROTATED_APP_SECRET });

    const [entry] = await auditRows("whatsapp.connection_rotated");
    expect(entry.changes.after).toEqual({ connectionKey: "rotated", appSecret: "replaced" });
    const text = JSON.stringify(entry);
    expectNoSecret(text);
    expect(text).not.toContain(after.connection_key);
    expect(text).not.toContain(before.connection_key);
    const page = await clients.admin.get(PAGE);
    expect(page.body).toContain(`/webhooks/whatsapp/${after.connection_key}`);
    expect(page.body).not.toContain(before.connection_key);
  });

  describe("templates", () => {
    const TEMPLATES = [
      { name: "boas_vindas", language: "pt_BR", status: "APPROVED", category: "UTILITY", components: [{ type: "BODY", text: "Olá {{1}}, tudo bem? Sobre {{2}}…" }] },
      { name: "lembrete", language: "pt_BR", status: "PENDING", category: "UTILITY", components: [{ type: "BODY", text: "Lembrete: {{1}}" }] },
      { name: "oferta", language: "en_US", status: "REJECTED", category: "MARKETING", components: [{ type: "BODY", text: "Sale!" }] },
    ];

    beforeAll(async () => {
      standIn = await startGraphStandIn({
        accounts: [{ wabaId, accessToken: NEW_ACCESS_TOKEN, phoneNumbers: [{ id: "109000000000002", display: "+55 11 3333-4444" }], templates: TEMPLATES }],
      });
      process.env.WHATSAPP_GRAPH_URL = standIn.url;
      resetEnv();
    });

    it("queues one sync per connection, says it is syncing, and stores what Meta lists with its status", async () => {
      for (let i = 0; i < 2; i++) expect((await post(clients.admin, { intent: "sync-templates", connectionId })).status).toBe(200);
      const jobs = await db.adminQuery<{ key: string }>("select key from graphile_worker.jobs where task_identifier = 'whatsapp__sync_templates'");
      expect(jobs).toEqual([{ key: `whatsapp__sync_templates:${connectionId}` }]);
      expect((await connection()).templates_sync_requested_at).not.toBeNull();
      expect((await clients.admin.get(PAGE)).body).toContain("Sincronizando…");

      await work();
      const templates = await db.adminQuery<{ name: string; language: string; status: string; category: string; variable_count: number; organization_id: string }>(
        "select name, language, status, category, variable_count, organization_id from whatsapp_templates where connection_id = $1 order by name",
        [connectionId],
      );
      expect(templates).toEqual([
        { name: "boas_vindas", language: "pt_BR", status: "APPROVED", category: "UTILITY", variable_count: 2, organization_id: auroraId },
        { name: "lembrete", language: "pt_BR", status: "PENDING", category: "UTILITY", variable_count: 1, organization_id: auroraId },
        { name: "oferta", language: "en_US", status: "REJECTED", category: "MARKETING", variable_count: 0, organization_id: auroraId },
      ]);
      // The client asked Meta's path for this WABA with the connection's (replaced) token.
      const asked = standIn!.sent.filter((request) => request.route === "templates");
      expect(asked.length).toBeGreaterThan(0);
      expect(asked.every((request) => request.token === NEW_ACCESS_TOKEN && request.path.includes(`/${wabaId}/message_templates`))).toBe(true);
      const row = await connection();
      expect(row.templates_synced_at).not.toBeNull();
      expect(row.templates_sync_requested_at).toBeNull();
      expect(row.templates_sync_error).toBeNull();

      const page = await clients.admin.get(PAGE);
      expect(page.body).toContain("Última sincronização");
      expect(page.body).not.toContain("Sincronizando…");
      for (const status of ["APPROVED", "PENDING", "REJECTED"]) expect(page.body).toContain(status);
    });

    it("shows why a sync failed, and stops saying it is syncing when retrying cannot help", async () => {
      expect((await post(clients.admin, { intent: "sync-templates", connectionId })).status).toBe(200);
      standIn!.failNext("templates", { status: 401, body: { error: { message: "Error validating access token", type: "OAuthException", code: 190 } } });
      await work();
      const row = await connection();
      expect(row.templates_sync_error).toMatch(/HTTP 401 \(code 190\)/);
      expect(row.templates_sync_requested_at).toBeNull();
      // The templates already synced stay.
      expect((await db.adminQuery("select 1 from whatsapp_templates where connection_id = $1", [connectionId])).length).toBe(3);
      const page = await clients.admin.get(PAGE);
      expect(page.body).toContain("A última sincronização falhou");
      expect(page.body).toContain("code 190");
      expectNoSecret(page.body);
    });
  });

  it("shows the demo connection with its templates, marked as a demo", async () => {
    const [demo] = await db.adminQuery<{ id: string; demo: boolean; connection_key: string }>(
      "select id, demo, connection_key from whatsapp_connections where organization_id = $1 and demo",
      [auroraId],
    );
    expect(demo).toMatchObject({ demo: true, connection_key: DEMO_WHATSAPP_CONNECTIONS.aurora.connectionKey });
    const page = await clients.owner.get(PAGE);
    expect(page.body).toContain(`data-connection-id="${demo.id}"`);
    expect(page.body).toContain("demonstração");
    expect(page.body).toContain("promocao_relampago");
    for (const secret of [DEMO_WHATSAPP_CONNECTIONS.aurora.accessToken, DEMO_WHATSAPP_CONNECTIONS.aurora.appSecret]) expect(page.body).not.toContain(secret);
  });

  it("disconnects: the connection, its numbers and templates go, the audit keeps what it was", async () => {
    const { connection_key } = await connection();
    const response = await post(clients.admin, { intent: "disconnect-connection", connectionId });
    expect(response.status).toBe(200);
    expect(await connection()).toBeUndefined();
    expect(await numbersOf()).toEqual([]);
    expect(await db.adminQuery("select 1 from whatsapp_templates where connection_id = $1", [connectionId])).toEqual([]);
    expect(await findWhatsAppConnectionByKey(connection_key)).toBeNull();
    const [entry] = await auditRows("whatsapp.connection_disconnected");
    expect(entry.changes).toEqual({ before: { name: "WhatsApp Comercial SP", wabaId, phoneNumberIds: ["109000000000002"] }, after: null });
    // Gone means 404 for a second attempt.
    expect((await post(clients.admin, { intent: "disconnect-connection", connectionId })).status).toBe(404);
  });
});
