import { beforeAll, describe, expect, it } from "vitest";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { columnOrder, leadRow, organizationId, postBoard, stagesOf } from "../board/support";

const htmlLang = (body: string) => /<html lang="([^"]+)"/.exec(body)?.[1];

describe("the interface in English", () => {
  const db = useTestDatabase();
  const server = useTestServer();

  const savedLocale = async (email: string) =>
    (await db.adminQuery<{ locale: string | null }>(`select locale from users where email = $1`, [email]))[0].locale;

  describe("for visitors", () => {
    it("is pt-BR by default and follows Accept-Language", async () => {
      const brazilian = new TestClient(server);
      const page = await brazilian.get("/login");
      expect(htmlLang(page.body)).toBe("pt-BR");
      expect(page.body).toContain("Acesse o quadro de vendas da sua equipe.");

      const visitor = new TestClient(server);
      const english = await visitor.request("/login", { headers: { "accept-language": "en-US,en;q=0.9,pt;q=0.5" } });
      expect(htmlLang(english.body)).toBe("en");
      expect(english.body).toContain("<title>Log in · Loved CRM</title>");
      expect(english.body).toContain("Open your team&#x27;s sales board.");
      expect(english.body).not.toContain("Acesse o quadro");
    });

    it("switches with a plain form post: the cookie beats Accept-Language", async () => {
      const visitor = new TestClient(server);
      const switched = await visitor.post("/locale", { locale: "en", redirectTo: "/signup" });
      expect(switched.status).toBe(302);
      expect(switched.location).toBe("/signup");
      expect(visitor.cookies.get("locale")).toBe("en");

      const page = await visitor.request("/signup", { headers: { "accept-language": "pt-BR,pt;q=0.9" } });
      expect(htmlLang(page.body)).toBe("en");
      expect(page.body).toContain("Create your organization");

      await visitor.post("/locale", { locale: "pt-BR", redirectTo: "/signup" });
      const back = await visitor.request("/signup", { headers: { "accept-language": "en" } });
      expect(htmlLang(back.body)).toBe("pt-BR");
      expect(back.body).toContain("Crie sua organização");
    });

    it("refuses languages it does not speak and foreign redirects without an error", async () => {
      const visitor = new TestClient(server);
      const unknown = await visitor.post("/locale", { locale: "fr", redirectTo: "/login" });
      expect(unknown.status).toBe(302);
      expect(unknown.location).toBe("/login");
      expect(visitor.cookies.has("locale")).toBe(false);
      const foreign = await visitor.post("/locale", { locale: "en", redirectTo: "https://evil.test/" });
      expect(foreign.status).toBe(302);
      expect(foreign.location).toBe("/");
    });

    it("gets English field errors, zod's own messages included, and English login errors", async () => {
      const visitor = new TestClient(server);
      await visitor.post("/locale", { locale: "en", redirectTo: "/signup" });
      // No password field at all: zod's built-in "expected string" message, in English.
      const signup = await visitor.post("/signup", { name: "A", email: "not-an-email", organization: "" });
      expect(signup.status).toBe(400);
      expect(signup.body).toContain("Enter your name.");
      expect(signup.body).toContain("Enter a valid email address.");
      expect(signup.body).toContain("Enter the organization&#x27;s name.");
      expect(signup.body).toMatch(/Invalid input: expected string, received undefined/);
      expect(signup.body).not.toContain("Informe");

      const login = await visitor.post("/login", { email: "owner@aurora.test", password: "wrong-password" });
      expect(login.status).toBe(401);
      expect(login.body).toContain("Incorrect email or password.");
    });
  });

  it("creates an English visitor's organization with English stage names and language", async () => {
    const visitor = new TestClient(server);
    await visitor.post("/locale", { locale: "en", redirectTo: "/signup" });
    const signup = await visitor.post("/signup", { name: "Grace Lee", email: "grace@studio.test", password: "a-strong-password", organization: "Studio North" });
    expect(signup.status).toBe(302);
    const [organization] = await db.adminQuery<{ id: string; locale: string }>(`select id, locale from organizations where name = 'Studio North'`);
    expect(organization.locale).toBe("en");
    expect((await stagesOf(db, organization.id)).map((stage) => stage.name)).toEqual(["Lead", "Contact", "Proposal", "Negotiation", "Closed"]);
  });

  describe("for members", () => {
    let stages: { id: string; name: string }[] = [];
    beforeAll(async () => {
      stages = await stagesOf(db, await organizationId(db, "aurora"));
    });

    it("saves the header switch on the user row, over the cookie and the browser, and keeps it across logout and login", async () => {
      const owner = new TestClient(server);
      await owner.login("owner@aurora.test");
      expect(await savedLocale("owner@aurora.test")).toBeNull();

      const switched = await owner.post("/locale", { locale: "en", redirectTo: "/o/aurora/board?q=ana" });
      expect(switched.status).toBe(302);
      expect(switched.location).toBe("/o/aurora/board?q=ana");
      expect(await savedLocale("owner@aurora.test")).toBe("en");

      const loggedOut = await owner.post("/logout", {});
      expect(loggedOut.location).toBe("/login");
      // The login page after logout stays in the member's language.
      expect(htmlLang((await owner.get("/login")).body)).toBe("en");

      // Another device: a Portuguese browser with a pt-BR cookie; the saved choice wins once signed in.
      const phone = new TestClient(server);
      phone.cookies.set("locale", "pt-BR");
      expect(htmlLang((await phone.request("/login", { headers: { "accept-language": "pt-BR" } })).body)).toBe("pt-BR");
      await phone.login("owner@aurora.test");
      const board = await phone.request("/o/aurora/board", { headers: { "accept-language": "pt-BR" } });
      expect(board.status).toBe(200);
      expect(htmlLang(board.body)).toBe("en");
    });

    it("renders the board in English, with the stage names as they are", async () => {
      await db.adminQuery(`update users set locale = 'en' where email = 'manager@aurora.test'`);
      const manager = new TestClient(server);
      await manager.login("manager@aurora.test");
      const board = await manager.get("/o/aurora/board");
      expect(board.status).toBe(200);
      expect(htmlLang(board.body)).toBe("en");
      expect(board.body).toContain("<title>Board · Loved CRM</title>");
      expect(board.body).toContain("Sales board");
      expect(board.body).toContain("Add lead");
      expect(board.body).toContain('aria-label="Pipeline stages"');
      for (const stage of stages) expect(board.body).toContain(`aria-label="${stage.name}"`);
      expect(board.body).not.toContain("Quadro de vendas");
      expect(board.body).not.toContain("Adicionar lead");
      // Money stays in the organization's currency, written the English way.
      expect(board.body).toMatch(/R\$\d{1,3}(,\d{3})+/);
      expect(board.body).not.toMatch(/R\$\u00a0\d/);

      // Managers may not see the members page: the refusal page speaks English too.
      const members = await manager.get("/o/aurora/settings/members");
      expect(members.status).toBe(403);
      expect(members.body).toContain("Your role in this organization doesn&#x27;t allow access to this page.");
    });

    it("answers an English member's stale move in English, and a Portuguese member's in pt-BR", async () => {
      await db.adminQuery(`update users set locale = 'en' where email = 'owner@aurora.test'`);
      const rep = new TestClient(server);
      const owner = new TestClient(server);
      await rep.login("rep@aurora.test");
      await owner.login("owner@aurora.test");
      const [lead] = await columnOrder(db, stages[0].id);
      const { version } = await leadRow(db, lead);

      const first = await postBoard(owner, "aurora", { intent: "move", leadId: lead, toStageId: stages[2].id, afterLeadId: "", version: String(version) });
      expect(first.status).toBe(200);
      const stale = await postBoard(rep, "aurora", { intent: "move", leadId: lead, toStageId: stages[3].id, afterLeadId: "", version: String(version) });
      expect(stale.status).toBe(409);
      expect(stale.body.message).toBe(`Helena moveu este lead para ${stages[2].name} agora`);

      const again = await postBoard(owner, "aurora", { intent: "move", leadId: lead, toStageId: stages[1].id, afterLeadId: "", version: String(version) });
      expect(again.status).toBe(409);
      expect(again.body.message).toBe(`Helena moved this lead to ${stages[2].name} just now`);
    });

    it("gives English field errors on a form post", async () => {
      const owner = new TestClient(server);
      await owner.login("owner@aurora.test");
      await owner.post("/locale", { locale: "en", redirectTo: "/" });
      const created = await postBoard(owner, "aurora", { intent: "create", stageId: stages[0].id, fullName: " ", estimatedValue: "-3", phone: "123" });
      expect(created.status).toBe(400);
      expect(created.body.fieldErrors).toEqual({
        fullName: ["Enter the lead's name."],
        estimatedValue: ["The amount can't be negative."],
        phone: ["Invalid phone number. Use area code and number, such as (11) 98765-4321, or the international format +55 11 98765-4321."],
      });
    });
    it("renders stored activity history in the reader's language, from the same rows", async () => {
      const [lead] = await columnOrder(db, stages[1].id);
      const { version } = await leadRow(db, lead);
      const owner = new TestClient(server);
      await owner.login("owner@aurora.test");
      await owner.post("/locale", { locale: "pt-BR", redirectTo: "/" });
      expect((await postBoard(owner, "aurora", { intent: "move", leadId: lead, toStageId: stages[2].id, afterLeadId: "", version: String(version) })).status).toBe(200);
      await db.adminQuery(`update leads set version = version + 1, company = 'Nova Empresa' where id = $1`, [lead]);
      await db.adminQuery(
        `insert into lead_activities (id, organization_id, lead_id, actor_id, activity_type, title, metadata, created_at)
         select gen_random_uuid(), organization_id, id, (select id from users where email = 'owner@aurora.test'), 'updated', 'Editou empresa',
                '{"changes": {"company": {"from": "Antiga", "to": "Nova Empresa"}, "estimatedValue": {"from": "1234.5", "to": null}}}', now()
           from leads where id = $1`,
        [lead],
      );

      // React separates adjacent text with <!-- --> in server HTML.
      const text = (body: string) => body.replaceAll("<!-- -->", "");
      const portuguese = await owner.get(`/o/aurora/leads/${lead}`);
      expect(portuguese.body).toContain(`Helena Duarte moveu de ${stages[1].name} para ${stages[2].name}`);
      expect(portuguese.body).toContain("Helena Duarte editou empresa, valor estimado");
      expect(text(portuguese.body)).toContain("R$\u00a01.234,50 → vazio");

      await owner.post("/locale", { locale: "en", redirectTo: "/" });
      const english = await owner.get(`/o/aurora/leads/${lead}`);
      expect(english.body).toContain(`Helena Duarte moved it from ${stages[1].name} to ${stages[2].name}`);
      expect(english.body).toContain("Helena Duarte edited company, estimated value");
      expect(text(english.body)).toContain("R$1,234.50 → empty");
      expect(english.body).toContain("<h2 id=\"history-title\" class=\"mb-2 font-semibold\">History</h2>");
      expect(english.body).not.toContain("moveu de");
    });
  });
});
