import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "~/utils/password.server";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { alertTexts, sessionSetCookie, sha256Hex, tableCounts, tokenFromCookie } from "./helpers";

const EMAIL_TAKEN = "Já existe uma conta com este e-mail. Entre com ela ou use outro e-mail.";

function signUpForm(overrides: Record<string, string> = {}) {
  return {
    name: "Ana Souza",
    email: `ana-${randomUUID().slice(0, 8)}@example.com`,
    password: "senha-forte-123",
    organization: `Agência ${randomUUID().slice(0, 8)}`,
    ...overrides,
  };
}

describe("sign-up", () => {
  const db = useTestDatabase();
  const server = useTestServer();

  async function organizationBySlug(slug: string) {
    const [organization] = await db.adminQuery<{ id: string; name: string; slug: string }>(
      "select id, name, slug from organizations where slug = $1",
      [slug],
    );
    return organization;
  }

  it("creates the user, the organization, the owner membership and the default pipeline, and signs in", async () => {
    const client = new TestClient(server);
    const password = "Senha Forte #2026";
    const response = await client.post("/signup", {
      name: "  Ana Souza  ",
      email: "  Ana.Souza@Example.COM ",
      password,
      organization: "Agência Órbita Digital!",
    });

    expect(response.status).toBe(302);
    expect(response.location).toBe("/o/agencia-orbita-digital/board");
    const cookie = sessionSetCookie(response);
    expect(cookie?.value).toMatch(/^\S{20,}$/);

    const board = await client.get("/o/agencia-orbita-digital/board");
    expect(board.status).toBe(200);
    expect(board.body).toContain("data-stage-id");
    for (const stage of ["Lead", "Contato", "Proposta", "Negociação", "Fechado"]) expect(board.body).toContain(stage);

    const users = await db.adminQuery<{ id: string; email: string; full_name: string; password_hash: string }>(
      "select id, email, full_name, password_hash from users where lower(email) = 'ana.souza@example.com'",
    );
    expect(users).toHaveLength(1);
    const [user] = users;
    expect(user.email).toBe("ana.souza@example.com");
    expect(user.full_name).toBe("Ana Souza");
    expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(await verifyPassword(user.password_hash, password)).toBe(true);
    expect(await verifyPassword(user.password_hash, "another password")).toBe(false);
    const plaintext = await db.adminQuery(
      "select 1 from users where strpos(row_to_json(users)::text, $1) > 0",
      [password],
    );
    expect(plaintext).toHaveLength(0);

    const organization = await organizationBySlug("agencia-orbita-digital");
    expect(organization).toMatchObject({ name: "Agência Órbita Digital!", slug: "agencia-orbita-digital" });

    const members = await db.adminQuery<{ user_id: string; role: string }>(
      "select user_id, role from organization_members where organization_id = $1",
      [organization.id],
    );
    expect(members).toEqual([{ user_id: user.id, role: "owner" }]);

    const stages = await db.adminQuery(
      "select name, color, stage_type, position, is_active from pipeline_stages where organization_id = $1 order by position",
      [organization.id],
    );
    expect(stages).toEqual([
      { name: "Lead", color: "#ef4444", stage_type: "lead", position: 0, is_active: true },
      { name: "Contato", color: "#f97316", stage_type: "contact", position: 1, is_active: true },
      { name: "Proposta", color: "#eab308", stage_type: "proposal", position: 2, is_active: true },
      { name: "Negociação", color: "#22c55e", stage_type: "negotiation", position: 3, is_active: true },
      { name: "Fechado", color: "#6366f1", stage_type: "closed", position: 4, is_active: true },
    ]);

    const sessions = await db.adminQuery<{ token_hash: string }>("select token_hash from user_sessions where user_id = $1", [user.id]);
    expect(sessions).toEqual([{ token_hash: sha256Hex(tokenFromCookie(cookie!.value)) }]);
  });

  it("gives organizations with the same name different slugs, each reachable only by its owner", async () => {
    const first = new TestClient(server);
    const second = new TestClient(server);
    const a = await first.post("/signup", signUpForm({ organization: "Café & Cia. São Paulo" }));
    const b = await second.post("/signup", signUpForm({ organization: "Café & Cia. São Paulo" }));

    expect(a.status).toBe(302);
    expect(b.status).toBe(302);
    expect(a.location).toBe("/o/cafe-cia-sao-paulo/board");
    // A random suffix, not a counter that would say how many others share the name.
    expect(b.location).toMatch(/^\/o\/cafe-cia-sao-paulo-[a-z0-9]{5}\/board$/);
    const secondSlug = b.location!.split("/")[2];
    const organizations = await db.adminQuery<{ slug: string }>(
      "select slug from organizations where name = 'Café & Cia. São Paulo' order by slug",
    );
    expect(organizations.map((o) => o.slug)).toEqual(["cafe-cia-sao-paulo", secondSlug]);

    expect((await second.get(`/o/${secondSlug}/board`)).status).toBe(200);
    expect((await second.get("/o/cafe-cia-sao-paulo/board")).status).toBe(404);
  });

  it("never hands out a reserved slug and falls back when the name has no letters or digits", async () => {
    const admin = await new TestClient(server).post("/signup", signUpForm({ organization: "Admin" }));
    expect(admin.status).toBe(302);
    expect(admin.location).toMatch(/^\/o\/admin-[a-z0-9]{5}\/board$/);

    const symbols = await new TestClient(server).post("/signup", signUpForm({ organization: "!!! ???" }));
    expect(symbols.status).toBe(302);
    expect(symbols.location).toBe("/o/organizacao/board");
  });

  it.each([
    ["the same e-mail", "rep@aurora.test"],
    ["the same e-mail in another case", "  REP@Aurora.TEST "],
  ])("refuses %s with 409 and creates nothing", async (_label, email) => {
    const before = await tableCounts(db);
    const client = new TestClient(server);
    const response = await client.post("/signup", signUpForm({ email, organization: "Duplicada Ltda" }));

    expect(response.status).toBe(409);
    expect(alertTexts(response.body)).toContain(EMAIL_TAKEN);
    expect(sessionSetCookie(response)).toBeUndefined();
    expect(await tableCounts(db)).toEqual(before);
    expect(await db.adminQuery("select 1 from organizations where name = 'Duplicada Ltda'")).toHaveLength(0);
  });

  it("refuses an e-mail taken by an earlier sign-up, whatever its case", async () => {
    const email = `Joana.${randomUUID().slice(0, 8)}@Example.com`;
    expect((await new TestClient(server).post("/signup", signUpForm({ email }))).status).toBe(302);
    const before = await tableCounts(db);

    const again = await new TestClient(server).post("/signup", signUpForm({ email: email.toUpperCase() }));
    expect(again.status).toBe(409);
    expect(alertTexts(again.body)).toContain(EMAIL_TAKEN);
    expect(await tableCounts(db)).toEqual(before);
  });

  it.each([
    ["an invalid e-mail", { email: "not-an-email" }, "email", "Informe um e-mail válido."],
    ["a password shorter than 8 characters", { password: "1234567" }, "password", "A senha precisa de ao menos 8 caracteres."],
    ["a blank name", { name: "   " }, "name", "Informe seu nome."],
    ["an empty organization name", { organization: "" }, "organization", "Informe o nome da organização."],
  ])("refuses %s with 400, shows the field error and creates nothing", async (_label, overrides, field, message) => {
    const before = await tableCounts(db);
    const response = await new TestClient(server).post("/signup", signUpForm(overrides));

    expect(response.status).toBe(400);
    expect(alertTexts(response.body)).toEqual([message]);
    expect(response.body).toMatch(new RegExp(`<input[^>]*name="${field}"[^>]*aria-invalid="true"`));
    expect(sessionSetCookie(response)).toBeUndefined();
    expect(await tableCounts(db)).toEqual(before);
  });

  it.each(["name", "organization"])("refuses a form without %s with 400 and creates nothing", async (field) => {
    const before = await tableCounts(db);
    const form: Record<string, string> = signUpForm();
    delete form[field];
    const response = await new TestClient(server).post("/signup", form);

    expect(response.status).toBe(400);
    expect(response.body).toMatch(new RegExp(`<input[^>]*name="${field}"[^>]*aria-invalid="true"`));
    expect(sessionSetCookie(response)).toBeUndefined();
    expect(await tableCounts(db)).toEqual(before);
  });

  it("shows every field error at once", async () => {
    const response = await new TestClient(server).post("/signup", { name: "", email: "x", password: "", organization: "" });
    expect(response.status).toBe(400);
    expect(alertTexts(response.body)).toEqual([
      "Informe seu nome.",
      "Informe um e-mail válido.",
      "A senha precisa de ao menos 8 caracteres.",
      "Informe o nome da organização.",
    ]);
  });

  it("sends a signed-in user away from /signup and /login, and does not let them sign up again", async () => {
    const client = new TestClient(server);
    await client.login("rep@aurora.test");

    for (const path of ["/signup", "/login"]) {
      const page = await client.get(path);
      expect(page.status).toBe(302);
      expect(page.location).toBe("/");
    }
    const before = await tableCounts(db);
    const post = await client.post("/signup", signUpForm());
    expect(post.status).toBe(302);
    expect(post.location).toBe("/");
    expect(await tableCounts(db)).toEqual(before);

    // Signed out, both pages render.
    const anonymous = new TestClient(server);
    expect((await anonymous.get("/signup")).status).toBe(200);
    expect((await anonymous.get("/login")).status).toBe(200);
  });
});
