import { describe, expect, it, onTestFailed } from "vitest";
import { expectAccessible } from "../support/axe";
import { useBrowser } from "../support/chromium";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";

describe("in a real browser", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const chromium = useBrowser();

  it("signs up, sees the new board, logs out, logs in as an Aurora rep and sees Aurora's leads", { timeout: 60_000 }, async () => {
    const context = await chromium.current.newContext({ locale: "pt-BR" });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    onTestFailed(async () => {
      await page.screenshot({ path: "tests/.artifacts/sign-up-and-board.png", fullPage: true }).catch(() => {});
    });

    await page.goto(`${server.url}/signup`);
    await page.getByLabel("Seu nome").fill("Marina Costa");
    await page.getByLabel("E-mail").fill("marina@estudio-vento.test");
    await page.getByLabel("Senha").fill("senha-forte-123");
    await page.getByLabel("Nome da organização").fill("Estúdio Vento");
    await page.getByRole("button", { name: "Criar conta" }).click();

    await page.waitForURL(`${server.url}/o/estudio-vento/board`);
    const columns = page.locator("[data-stage-id]");
    await expect.poll(() => columns.count()).toBe(5);
    expect(await page.getByRole("listitem", { name: "Proposta" }).count()).toBe(1);
    await page.getByText("Nenhum lead ainda").waitFor();
    await expectAccessible(page, "a new organization's empty board");

    await page.getByRole("button", { name: "Conta de Marina Costa" }).click();
    await page.getByRole("menuitem", { name: "Sair" }).click();
    await page.waitForURL(`${server.url}/login`);

    await page.getByLabel("E-mail").fill("rep@aurora.test");
    await page.getByLabel("Senha").fill("aurora-demo-2026");
    await page.getByRole("button", { name: "Entrar" }).click();
    await page.waitForURL(`${server.url}/o/aurora/board`);

    const [lead] = await db.adminQuery<{ id: string; full_name: string }>(
      `select l.id, l.full_name from leads l join organizations o on o.id = l.organization_id
       where o.slug = 'aurora' order by l.stage_id, l.position limit 1`,
    );
    const card = page.locator(`[data-lead-id="${lead.id}"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain(lead.full_name);
    expect(await page.getByRole("button", { name: /Organização: Agência Aurora/ }).count()).toBe(1);
    expect(await page.getByText("Estúdio Vento").count()).toBe(0);

    await card.click();
    await page.waitForURL(`${server.url}/o/aurora/leads/${lead.id}`);
    await page.getByRole("heading", { name: lead.full_name }).waitFor();
    await context.close();
  });
});
