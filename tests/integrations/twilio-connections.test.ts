import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { openTwilioAuthToken } from "~/modules/twilio/twilio-secrets.server";
import { DEMO_CALL_PHONES, DEMO_TWILIO_CONNECTIONS } from "@db/seeds/demo-twilio";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import type { AuditRow } from "../support/audit";

const PAGE = "/o/aurora/settings/integrations";
const USER_AGENT = "twilio-integrations-test/1.0";

// Twilio's formats: AC + 32 hex digits, a 32-hex-digit auth token.
const ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
const AUTH_TOKEN = "0123456789abcdef0123456789abb7e1";
const NEW_AUTH_TOKEN = "fedcba9876543210fedcba98765432f9";
const ROTATED_AUTH_TOKEN = "00112233445566778899aabbccdd0e0f";
const EVERY_TOKEN = [AUTH_TOKEN, NEW_AUTH_TOKEN, ROTATED_AUTH_TOKEN, DEMO_TWILIO_CONNECTIONS.aurora.authToken];

interface ConnectionRow {
  id: string;
  organization_id: string;
  connection_key: string;
  name: string;
  account_sid: string;
  auth_token: string;
  phone_numbers: string[];
  record_calls: boolean;
  demo: boolean;
  created_by_id: string | null;
}

describe("Twilio connections on the integrations page", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const clients: Record<"owner" | "admin" | "manager" | "rep" | "viewer" | "borealOwner", TestClient> = {} as never;
  let auroraId = "";
  let adminId = "";
  let connectionId = "";

  const post = (client: TestClient, form: Record<string, string>) => client.request(PAGE, { form, headers: { "user-agent": USER_AGENT } });
  const connection = async (id = connectionId) => (await db.adminQuery<ConnectionRow>("select * from twilio_connections where id = $1", [id]))[0];
  const auditRows = (action: string) =>
    db.adminQuery<AuditRow>(
      "select action, actor_id, resource_id, ip_address, user_agent, changes from audit_logs where organization_id = $1 and action = $2 order by created_at",
      [auroraId, action],
    );
  /** Every table a connection change could touch, as the superuser sees it. */
  const snapshot = async () =>
    JSON.stringify(
      await Promise.all(
        ["twilio_connections", "audit_logs"].map((table) =>
          db.adminQuery(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${table} t`),
        ),
      ),
    );
  const expectNoToken = (text: string) => {
    for (const token of EVERY_TOKEN) expect(text, `contains ${token}`).not.toContain(token);
  };
  const createForm = (overrides: Record<string, string> = {}) => ({
    intent: "create-twilio",
    name: "Twilio Comercial",
    // Typed in capitals: stored the way Twilio writes it.
    accountSid: `AC${ACCOUNT_SID.slice(2).toUpperCase()}`,
    authToken: AUTH_TOKEN,
    numbers: "+55 11 3456-7890\n(21) 98765-4321",
    recordCalls: "on",
    ...overrides,
  });

  beforeAll(async () => {
    [{ id: auroraId }] = await db.adminQuery<{ id: string }>("select id from organizations where slug = 'aurora'");
    // An admin (the lowest role with integration:manage), with the demo password.
    adminId = randomUUID();
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

  it("shows the demo's connection: its account, number, recording notice and URLs, never its token", async () => {
    const demo = DEMO_TWILIO_CONNECTIONS.aurora;
    const [row] = await db.adminQuery<ConnectionRow>("select * from twilio_connections where organization_id = $1", [auroraId]);
    expect(row).toMatchObject({ connection_key: demo.connectionKey, account_sid: demo.accountSid, phone_numbers: [...demo.numbers], record_calls: true, demo: true });
    expect(row.auth_token).not.toContain(demo.authToken);
    expect(openTwilioAuthToken(row.auth_token)).toBe(demo.authToken);
    // The rep takes the demo's calls on their own phone.
    const [rep] = await db.adminQuery<{ phone: string }>("select phone from users where email = 'rep@aurora.test'");
    expect(rep.phone).toBe(DEMO_CALL_PHONES["rep@aurora.test"]);

    const page = await clients.owner.get(PAGE);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`data-twilio-connection-id="${row.id}"`);
    expect(page.body).toContain(demo.accountSid);
    expect(page.body).toContain("+55 11 4000-0002");
    expect(page.body).toContain("Gravação de chamadas: ativada — o lead ouve &quot;esta ligação pode ser gravada&quot;");
    expect(page.body).toContain(`value="http://localhost:3000/webhooks/twilio/${demo.connectionKey}/voice"`);
    expect(page.body).toContain(`value="http://localhost:3000/webhooks/twilio/${demo.connectionKey}/status"`);
    expect(page.body).toContain(`••••${demo.authToken.slice(-4)}`);
    expectNoToken(page.body);
    expect(page.body).not.toContain(row.auth_token);
    // Boreal has none of it.
    const boreal = await clients.borealOwner.get("/o/boreal/settings/integrations");
    expect(boreal.status).toBe(200);
    expect(boreal.body).not.toContain(demo.accountSid);
    expect(boreal.body).toContain("Nenhuma conta da Twilio conectada ainda.");
  });

  it("lets an admin connect an account: SID normalised, numbers as E.164, the token sealed and audited as set", async () => {
    const response = await post(clients.admin, createForm());
    expect(response.status, response.body.slice(0, 300)).toBe(200);
    expect(response.body).toContain("Twilio &quot;Twilio Comercial&quot; conectada.");
    expectNoToken(response.body);

    const [row, ...others] = await db.adminQuery<ConnectionRow>("select * from twilio_connections where organization_id = $1 and not demo", [auroraId]);
    expect(others).toEqual([]);
    connectionId = row.id;
    expect(row).toMatchObject({
      name: "Twilio Comercial",
      account_sid: ACCOUNT_SID,
      phone_numbers: ["+551134567890", "+5521987654321"],
      record_calls: true,
      demo: false,
      created_by_id: adminId,
    });
    expect(row.connection_key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(row.auth_token).not.toBe(AUTH_TOKEN);
    expect(row.auth_token).not.toContain(AUTH_TOKEN);
    expect(openTwilioAuthToken(row.auth_token)).toBe(AUTH_TOKEN);

    const [entry, ...more] = await auditRows("twilio.connection_created");
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ actor_id: adminId, resource_id: connectionId, user_agent: USER_AGENT });
    expect(entry.changes).toEqual({
      before: null,
      after: { name: "Twilio Comercial", accountSid: ACCOUNT_SID, phoneNumbers: ["+551134567890", "+5521987654321"], recordCalls: true, authToken: "set" },
    });
    expectNoToken(JSON.stringify(entry));
  });

  it("shows the URLs to paste in Twilio and the token's last 4 characters, never the token, in the page or its data", async () => {
    const { connection_key, auth_token } = await connection();
    const page = await clients.admin.get(PAGE);
    expect(page.status).toBe(200);
    for (const url of [`http://localhost:3000/webhooks/twilio/${connection_key}/voice`, `http://localhost:3000/webhooks/twilio/${connection_key}/status`]) {
      expect(page.body).toMatch(new RegExp(`<input[^>]*readonly=""[^>]*value="${url.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}"`));
    }
    expect(page.body).toContain(`••••${AUTH_TOKEN.slice(-4)}`);
    expect(page.body).toContain("+55 11 3456-7890");
    expect(page.body).toContain("+55 21 98765-4321");
    expect(page.body).toContain("A call comes in");
    expect(page.body).toContain("Call status changes");
    expectNoToken(page.body);
    expect(page.body).not.toContain(auth_token);

    const data = await clients.admin.get(`${PAGE}.data`);
    expect(data.status).toBe(200);
    expect(data.body).toContain("Twilio Comercial");
    expect(data.body).toContain(connection_key);
    expectNoToken(data.body);
    expect(data.body).not.toContain(auth_token);
  });

  it("refuses a bad SID, token or numbers with a 400 on the fields, storing nothing", async () => {
    const before = await snapshot();
    const bad = await post(clients.admin, createForm({ name: "", accountSid: "AC123", authToken: "com espaço no meio do token", numbers: "não é número" }));
    expect(bad.status).toBe(400);
    for (const sentence of [
      "Dê um nome à conexão.",
      "O Account SID começa com AC",
      "O auth token tem de 16 a 128 caracteres, sem espaços.",
      "Cada linha deve ter um número de telefone com DDI",
    ]) {
      expect(bad.body).toContain(sentence);
    }
    expectNoToken(bad.body);
    const attempts: [Record<string, string>, string][] = [
      [createForm({ accountSid: `SK${ACCOUNT_SID.slice(2)}`, authToken: NEW_AUTH_TOKEN }), "O Account SID começa com AC"],
      [createForm({ accountSid: `${ACCOUNT_SID.slice(0, 33)}g` }), "O Account SID começa com AC"],
      [createForm({ accountSid: "AC0123456789abcdef0123456789abcde0", authToken: "short" }), "O auth token tem de 16 a 128"],
      [createForm({ accountSid: "AC0123456789abcdef0123456789abcde0", numbers: "" }), "Informe ao menos um número da Twilio."],
      [createForm({ accountSid: "AC0123456789abcdef0123456789abcde0", numbers: "+55 11 3000-0001\n(11) 3000-0001" }), "Um número aparece mais de uma vez."],
      [
        createForm({ accountSid: "AC0123456789abcdef0123456789abcde0", numbers: Array.from({ length: 11 }, (_, i) => `+55 11 3000-00${String(i).padStart(2, "0")}`).join("\n") }),
        "No máximo 10 números",
      ],
      [createForm({ accountSid: "AC0123456789abcdef0123456789abcde0", recordCalls: "yes" }), "Marque ou desmarque a gravação"],
      // The same account twice in one organization (in another spelling).
      [createForm({ accountSid: ACCOUNT_SID.toUpperCase().replace(/^AC/, "ac"), authToken: NEW_AUTH_TOKEN }), "Esta conta da Twilio já está conectada"],
      // A number another connection of the organization has (the demo's).
      [createForm({ accountSid: "AC0123456789abcdef0123456789abcde0", numbers: "+55 11 4000-0002" }), "já pertence a outra conexão da Twilio"],
      [{ intent: "update-twilio", connectionId, name: "X", numbers: "1234" }, "Cada linha deve ter um número"],
      [{ intent: "rotate-twilio", connectionId, authToken: "" }, "O auth token tem de 16 a 128"],
      [{ intent: "disconnect-twilio", connectionId: "not-a-uuid" }, "Conexão inválida"],
    ];
    for (const [i, [form, expected]] of attempts.entries()) {
      const response = await post(clients.admin, form);
      expect(response.status, `${form.intent} ${i}`).toBe(400);
      expect(response.body, `${form.intent} ${i}`).toContain(expected);
      expectNoToken(response.body);
    }
    expect(await snapshot()).toBe(before);
  });

  it("keeps the token when the field is empty and replaces it when a new one is given; audits which changed", async () => {
    const before = await connection();
    const kept = await post(clients.admin, {
      intent: "update-twilio",
      connectionId,
      name: "Twilio Comercial SP",
      numbers: "(21) 98765-4321\n+55 11 3456-7890",
      authToken: "",
    });
    expect(kept.status, kept.body.slice(0, 300)).toBe(200);
    const afterKeep = await connection();
    // The order is the caller id's; an unticked box turns recording off.
    expect(afterKeep).toMatchObject({ name: "Twilio Comercial SP", phone_numbers: ["+5521987654321", "+551134567890"], record_calls: false, auth_token: before.auth_token });
    expect(afterKeep.connection_key).toBe(before.connection_key);
    expect((await auditRows("twilio.connection_updated")).at(-1)!.changes).toEqual({
      before: { name: "Twilio Comercial", phoneNumbers: ["+551134567890", "+5521987654321"], recordCalls: true },
      after: { name: "Twilio Comercial SP", phoneNumbers: ["+5521987654321", "+551134567890"], recordCalls: false },
    });
    expect((await clients.admin.get(PAGE)).body).toContain("Gravação de chamadas: desativada");

    const rotated = await post(clients.admin, {
      intent: "update-twilio",
      connectionId,
      name: "Twilio Comercial SP",
      numbers: "(21) 98765-4321\n+55 11 3456-7890",
      authToken: NEW_AUTH_TOKEN,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toContain("Conexão da Twilio atualizada.");
    const afterRotate = await connection();
    expect(afterRotate.auth_token).not.toBe(before.auth_token);
    expect(afterRotate.auth_token).not.toContain(NEW_AUTH_TOKEN);
    expect(openTwilioAuthToken(afterRotate.auth_token)).toBe(NEW_AUTH_TOKEN);
    const entry = (await auditRows("twilio.connection_updated")).at(-1)!;
    expect(entry.changes).toEqual({ before: {}, after: { authToken: "replaced" } });
    expectNoToken(JSON.stringify(entry));
    expect((await clients.admin.get(PAGE)).body).toContain(`••••${NEW_AUTH_TOKEN.slice(-4)}`);

    // Nothing new: nothing written, and said so.
    const audits = (await auditRows("twilio.connection_updated")).length;
    const same = await post(clients.admin, { intent: "update-twilio", connectionId, name: "Twilio Comercial SP", numbers: "+5521987654321\n+551134567890" });
    expect(same.status).toBe(200);
    expect(same.body).toContain("Nada mudou.");
    expect(await auditRows("twilio.connection_updated")).toHaveLength(audits);
  });

  it("refuses the page and every Twilio change to managers, members and viewers, changing nothing", async () => {
    const before = await snapshot();
    for (const name of ["manager", "rep", "viewer"] as const) {
      const page = await clients[name].get(PAGE);
      expect(page.status, name).toBe(403);
      expect(page.body).not.toContain("Twilio Comercial");
      const forms: Record<string, string>[] = [
        createForm({ name: "Intrusa", accountSid: "AC0123456789abcdef0123456789abcde1", numbers: "+55 11 3999-0001" }),
        { intent: "update-twilio", connectionId, name: "Intrusa", numbers: "+55 11 3999-0001", authToken: AUTH_TOKEN },
        { intent: "rotate-twilio", connectionId, authToken: ROTATED_AUTH_TOKEN },
        { intent: "disconnect-twilio", connectionId },
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
      { intent: "update-twilio", connectionId, name: "Sequestro", numbers: "+55 11 3999-0002", recordCalls: "on", authToken: AUTH_TOKEN },
      { intent: "rotate-twilio", connectionId, authToken: ROTATED_AUTH_TOKEN },
      { intent: "disconnect-twilio", connectionId },
    ];
    for (const form of forms) {
      const response = await clients.borealOwner.request("/o/boreal/settings/integrations", { form });
      expect(response.status, form.intent).toBe(404);
    }
    expect((await clients.borealOwner.get(PAGE)).status).toBe(404);
    expect((await clients.borealOwner.get("/o/boreal/settings/integrations")).body).not.toContain("Twilio Comercial");
    expect(await snapshot()).toBe(before);
  });

  it("rotates to new webhook URLs and a new auth token; the old URLs are gone from the page", async () => {
    const before = await connection();
    const response = await post(clients.admin, { intent: "rotate-twilio", connectionId, authToken: ROTATED_AUTH_TOKEN });
    expect(response.status).toBe(200);
    expect(response.body).toContain("Atualize as URLs dos números no Console da Twilio.");
    const after = await connection();
    expect(after.connection_key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(after.connection_key).not.toBe(before.connection_key);
    expect(openTwilioAuthToken(after.auth_token)).toBe(ROTATED_AUTH_TOKEN);
    expect(after).toMatchObject({ name: before.name, account_sid: before.account_sid, phone_numbers: before.phone_numbers, record_calls: before.record_calls });

    const [entry] = await auditRows("twilio.connection_rotated");
    expect(entry.changes).toEqual({ before: null, after: { connectionKey: "rotated", authToken: "replaced" } });
    const text = JSON.stringify(entry);
    expectNoToken(text);
    expect(text).not.toContain(after.connection_key);
    expect(text).not.toContain(before.connection_key);
    const page = await clients.admin.get(PAGE);
    expect(page.body).toContain(`/webhooks/twilio/${after.connection_key}/voice`);
    expect(page.body).not.toContain(before.connection_key);
  });

  it("disconnects: the connection and its sealed token go, the audit keeps what it was", async () => {
    const response = await post(clients.admin, { intent: "disconnect-twilio", connectionId });
    expect(response.status).toBe(200);
    expect(response.body).toContain("&quot;Twilio Comercial SP&quot; desconectada.");
    expect(await connection()).toBeUndefined();
    const [entry] = await auditRows("twilio.connection_disconnected");
    expect(entry.changes).toEqual({
      before: { name: "Twilio Comercial SP", accountSid: ACCOUNT_SID, phoneNumbers: ["+5521987654321", "+551134567890"] },
      after: null,
    });
    expectNoToken(JSON.stringify(entry));
    // The demo's connection stays; gone means 404 for a second attempt.
    expect(await db.adminQuery("select 1 from twilio_connections where organization_id = $1 and demo", [auroraId])).toHaveLength(1);
    expect((await post(clients.admin, { intent: "disconnect-twilio", connectionId })).status).toBe(404);
  });
});
