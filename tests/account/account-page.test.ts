import { beforeAll, describe, expect, it } from "vitest";
import { markupOf, signInDemoCast, TestClient, type DemoPerson } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";

const ACCOUNT = "/account";

interface UserRow {
  id: string;
  email: string;
  full_name: string;
  phone: string | null;
  locale: string | null;
  time_zone: string;
}

const valid = { fullName: "Rita Souza", locale: "pt-BR", timeZone: "America/Sao_Paulo", phone: "" };

/** The value attribute of the input named `name` in a page's markup. */
function inputValue(html: string, name: string) {
  const tag = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0];
  return tag ? /value="([^"]*)"/.exec(tag)?.[1] ?? "" : null;
}

/** The option of the select named `name` that the page marks as selected. */
function selectedOption(html: string, name: string) {
  const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? "";
  return /<option[^>]*value="([^"]*)"[^>]*selected=""/.exec(select)?.[1] ?? null;
}

/**
 * The account page over HTTP: every signed-in person edits their own name,
 * language, time zone and calling phone (stored E.164), and only their own;
 * refused input changes nothing. The tests run in order against one database.
 */
describe("account page", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  let clients: Record<DemoPerson, TestClient>;

  const userRow = async (email: string) =>
    (await db.adminQuery<UserRow>("select id, email, full_name, phone, locale, time_zone from users where email = $1", [email]))[0];
  /** Every user row as the superuser sees it, updated_at included: what a refused save must leave alone. */
  const allUsers = () => db.adminQuery<Record<string, unknown>>("select * from users order by id");
  const othersThan = async (email: string) => (await allUsers()).filter((row) => row.email !== email);

  beforeAll(async () => {
    clients = await signInDemoCast(server);
  });

  it("sends a signed-out visitor to login and back, and refuses their post", async () => {
    const visitor = new TestClient(server);
    const page = await visitor.get(ACCOUNT);
    expect(page.status).toBe(302);
    expect(page.location).toBe(`/login?${new URLSearchParams({ redirectTo: ACCOUNT })}`);
    const before = await allUsers();
    const post = await visitor.post(ACCOUNT, valid);
    expect(post.status).toBe(302);
    expect(post.location).toMatch(/^\/login\?redirectTo=/);
    expect(await allUsers()).toEqual(before);
  });

  it("shows a person their email, name and current time zone, linked from the account menu", async () => {
    const rep = await userRow("rep@aurora.test");
    const page = await clients.rep.get(ACCOUNT);
    expect(page.status).toBe(200);
    const html = markupOf(page.body);
    expect(html).toContain("Minha conta");
    expect(inputValue(html, "email")).toBe("rep@aurora.test");
    expect(inputValue(html, "fullName")).toBe(rep.full_name);
    expect(selectedOption(html, "timeZone")).toBe(rep.time_zone);
    expect(html).toContain('value="America/Manaus"');
    expect(html).toContain("Ligar");
    const board = markupOf((await clients.rep.get("/o/aurora/board")).body);
    expect(board).toContain('href="/account"');
  });

  it("saves name, phone, time zone and language, and the next page speaks the new language with the saved values", async () => {
    const othersBefore = await othersThan("rep@aurora.test");
    const saved = await clients.rep.post(ACCOUNT, { fullName: "  Rita  Souza ", locale: "en", timeZone: "America/Manaus", phone: "(11) 91234-5678" });
    expect(saved.status).toBe(302);
    expect(saved.location).toBe("/account?saved");
    expect(saved.headers.getSetCookie().some((cookie) => cookie.startsWith("locale=en;"))).toBe(true);

    const row = await userRow("rep@aurora.test");
    expect(row).toMatchObject({ full_name: "Rita  Souza", phone: "+5511912345678", locale: "en", time_zone: "America/Manaus" });
    expect(await othersThan("rep@aurora.test")).toEqual(othersBefore);

    const page = await clients.rep.get(saved.location!);
    expect(page.status).toBe(200);
    const html = markupOf(page.body);
    expect(html).toContain('<html lang="en"');
    expect(html).toContain("Account saved.");
    expect(html).toContain("My account");
    expect(inputValue(html, "fullName")).toBe("Rita  Souza");
    expect(inputValue(html, "phone")).toBe("+55 11 91234-5678");
    expect(selectedOption(html, "timeZone")).toBe("America/Manaus");
    expect(selectedOption(html, "locale")).toBe("en");
    // Without ?saved there is no confirmation to show.
    expect(markupOf((await clients.rep.get(ACCOUNT)).body)).not.toContain("Account saved.");
  });

  it.each([
    ["+55 11 91234-5678", "+5511912345678"],
    ["11912345678", "+5511912345678"],
    ["(21) 3456-7890", "+552134567890"],
    ["+1 415 555 2671", "+14155552671"],
    ["", null],
  ])("stores the phone %j as %j", async (typed, stored) => {
    const response = await clients.rep.post(ACCOUNT, { fullName: "Rita Souza", locale: "en", timeZone: "America/Manaus", phone: typed });
    expect(response.status).toBe(302);
    expect((await userRow("rep@aurora.test")).phone).toBe(stored);
  });

  describe("refused input changes nothing", () => {
    const refuse = async (client: TestClient, email: string, form: Record<string, string>) => {
      const before = await allUsers();
      const response = await client.post(ACCOUNT, form);
      expect(response.status).toBe(400);
      expect(response.headers.getSetCookie().some((cookie) => cookie.startsWith("locale="))).toBe(false);
      expect(await allUsers()).toEqual(before);
      expect((await userRow(email)).email).toBe(email);
      return markupOf(response.body);
    };

    it("an invalid phone, with the reason in the reader's language, next to what was typed", async () => {
      await clients.rep.post(ACCOUNT, { ...valid, locale: "en", phone: "11912345678" });
      const english = await refuse(clients.rep, "rep@aurora.test", { ...valid, locale: "pt-BR", fullName: "Outro Nome", phone: "(11) 1234-567" });
      expect(english).toContain("Enter a valid phone number with its area code");
      expect(english).toMatch(/aria-invalid="true"[^>]*aria-describedby="[^"]*-error"|aria-describedby="[^"]*-error"[^>]*aria-invalid="true"/);
      expect(inputValue(english, "phone")).toBe("(11) 1234-567");
      expect(inputValue(english, "fullName")).toBe("Outro Nome");

      for (const phone of ["telefone", "98765-4321", "+55 11 98765-43", "11 91234-5678 ramal 2"]) {
        const portuguese = await refuse(clients.owner, "owner@aurora.test", { ...valid, fullName: "Dona Aurora", phone });
        expect(portuguese).toContain("Informe um telefone válido com DDD");
      }
    });

    it("an unknown time zone", async () => {
      for (const timeZone of ["Mars/Olympus_Mons", "UTC+3", "america/sao_paulo", ""]) {
        const html = await refuse(clients.owner, "owner@aurora.test", { ...valid, timeZone });
        expect(html).toContain("Escolha um fuso horário da lista.");
      }
    });

    it("an empty or over-long name, and a language we do not speak", async () => {
      expect(await refuse(clients.owner, "owner@aurora.test", { ...valid, fullName: "   " })).toContain("Informe seu nome.");
      expect(await refuse(clients.owner, "owner@aurora.test", { ...valid, fullName: "x".repeat(121) })).toContain("no máximo 120 caracteres");
      expect(await refuse(clients.owner, "owner@aurora.test", { ...valid, locale: "fr" })).toContain("Escolha um idioma da lista.");
    });
  });

  it("changes only the signed-in person's row, whatever ids or emails the post carries", async () => {
    const owner = await userRow("owner@aurora.test");
    const othersBefore = await othersThan("rep@aurora.test");
    const response = await clients.rep.post(ACCOUNT, {
      ...valid,
      fullName: "Rita Final",
      phone: "(11) 99999-0000",
      id: owner.id,
      userId: owner.id,
      email: "owner@aurora.test",
    });
    expect(response.status).toBe(302);
    expect(await othersThan("rep@aurora.test")).toEqual(othersBefore);
    const rep = await userRow("rep@aurora.test");
    expect(rep).toMatchObject({ email: "rep@aurora.test", full_name: "Rita Final", phone: "+5511999990000" });
    expect(await userRow("owner@aurora.test")).toEqual(owner);
    // A person of another organization saves their own row, not anyone's in Aurora.
    const borealBefore = await userRow("owner@boreal.test");
    expect((await clients.boreal.post(ACCOUNT, { ...valid, fullName: "Dono Boreal", phone: "" })).status).toBe(302);
    expect(await userRow("owner@boreal.test")).toMatchObject({ ...borealBefore, full_name: "Dono Boreal", phone: null, locale: "pt-BR" });
    expect(await userRow("rep@aurora.test")).toEqual(rep);
  });

  it("follows the browser again when the person stops choosing a language", async () => {
    await clients.manager.post(ACCOUNT, { ...valid, fullName: "Gerente", locale: "en" });
    const cleared = await clients.manager.post(ACCOUNT, { ...valid, fullName: "Gerente", locale: "" });
    expect(cleared.status).toBe(302);
    expect(cleared.headers.getSetCookie().some((cookie) => /^locale=;.*Max-Age=0/i.test(cookie))).toBe(true);
    expect((await userRow("manager@aurora.test")).locale).toBeNull();
    const english = await clients.manager.request(ACCOUNT, { headers: { "accept-language": "en-US,en;q=0.9" } });
    expect(english.body).toContain('<html lang="en"');
    expect(selectedOption(markupOf(english.body), "locale")).toBe("");
    const portuguese = await clients.manager.request(ACCOUNT, { headers: { "accept-language": "pt-BR" } });
    expect(portuguese.body).toContain('<html lang="pt-BR"');
  });
});
