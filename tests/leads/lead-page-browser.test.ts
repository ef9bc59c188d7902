import type { Page } from "playwright-core";
import { describe, expect, it, onTestFailed } from "vitest";
import { useBrowser } from "../support/chromium";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";

/** The lead page and pipeline settings in real Chromium, on a 375 × 812 phone, hydrated. */
describe("lead page and pipeline settings in a browser", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const chromium = useBrowser();

  async function phone(email: string, artifact: string): Promise<Page> {
    const context = await chromium.current.newContext({ viewport: { width: 375, height: 812 }, hasTouch: true, isMobile: true, locale: "pt-BR" });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    onTestFailed(async () => {
      await page.screenshot({ path: `tests/.artifacts/${artifact}.png`, fullPage: true }).catch(() => {});
    });
    await page.goto(`${server.url}/login`);
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Senha").fill("aurora-demo-2026");
    await page.getByRole("button", { name: "Entrar" }).click();
    await page.waitForURL(/\/o\/aurora\//);
    return page;
  }

  // Not window.innerWidth: a mobile browser widens the layout viewport to fit content that overflows.
  const overflowsHorizontally = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > 375);

  async function someLead(offset: number) {
    const [lead] = await db.adminQuery<{ id: string; full_name: string; version: number }>(
      `select l.id, l.full_name, l.version from leads l join organizations o on o.id = l.organization_id
        where o.slug = 'aurora' and l.status = 'active' and l.full_name !~ '[''"&<>]'
        order by l.full_name offset $1 limit 1`,
      [offset],
    );
    return lead;
  }

  it("lets a rep edit a lead on a phone: normalised values, a confirmation and the history entry", { timeout: 60_000 }, async () => {
    const lead = await someLead(0);
    const page = await phone("rep@aurora.test", "lead-page-edit");
    await page.goto(`${server.url}/o/aurora/leads/${lead.id}`);
    await page.getByRole("heading", { name: lead.full_name }).waitFor();
    expect(await overflowsHorizontally(page)).toBe(false);

    await page.getByLabel("Telefone").fill("(11) 98765-4321");
    await page.getByLabel("Valor estimado").fill("12.500,50");
    await page.getByRole("button", { name: "Salvar alterações" }).click();
    await page.getByText("Alterações salvas.").waitFor();
    await page.getByText("Camila Nogueira editou").first().waitFor();

    const [row] = await db.adminQuery<{ phone: string; estimated_value: string; version: number }>(
      "select phone, estimated_value, version from leads where id = $1",
      [lead.id],
    );
    expect(row).toEqual({ phone: "+5511987654321", estimated_value: "12500.50", version: lead.version + 1 });
    // The form now holds the saved values, ready for the next save.
    expect(await page.getByLabel("Telefone").inputValue()).toBe("+55 11 98765-4321");

    await page.getByLabel("E-mail").fill("sem-arroba");
    await page.getByRole("button", { name: "Salvar alterações" }).click();
    await page.getByText("Informe um e-mail válido.").waitFor();
    expect(await page.getByLabel("E-mail").getAttribute("aria-invalid")).toBe("true");
    await page.context().close();
  });

  it("keeps a rep's typing when a manager saved first, shows the current value, then saves on retry", { timeout: 60_000 }, async () => {
    const lead = await someLead(1);
    const page = await phone("rep@aurora.test", "lead-page-stale");
    await page.goto(`${server.url}/o/aurora/leads/${lead.id}`);
    await page.getByRole("heading", { name: lead.full_name }).waitFor();

    const manager = new TestClient(server);
    await manager.login("manager@aurora.test");
    const [row] = await db.adminQuery<Record<string, string | string[] | number | null>>("select * from leads where id = $1", [lead.id]);
    const saved = await manager.post(`/o/aurora/leads/${lead.id}`, {
      intent: "update",
      version: String(row.version),
      company: "Empresa que o Rafael salvou",
    });
    expect(saved.status).toBe(200);

    await page.getByLabel("Empresa").fill("Empresa que a Camila digitou");
    await page.getByRole("button", { name: "Salvar alterações" }).click();
    await page.getByText("Rafael Monteiro alterou este lead").waitFor();
    expect(await page.getByLabel("Empresa").inputValue()).toBe("Empresa que a Camila digitou");
    await page.locator("p", { hasText: "Valor atual" }).filter({ hasText: "Empresa que o Rafael salvou" }).waitFor();

    await page.getByRole("button", { name: "Salvar alterações" }).click();
    await page.getByText("Alterações salvas.").waitFor();
    const [after] = await db.adminQuery<{ company: string; version: number }>("select company, version from leads where id = $1", [lead.id]);
    expect(after).toEqual({ company: "Empresa que a Camila digitou", version: lead.version + 2 });
    await page.context().close();
  });

  it("lets the owner reorder stages with the arrow buttons on a phone", { timeout: 60_000 }, async () => {
    const page = await phone("owner@aurora.test", "pipeline-settings");
    await page.goto(`${server.url}/o/aurora/settings/pipeline`);
    await page.getByRole("heading", { name: "Funil de vendas" }).waitFor();
    expect(await overflowsHorizontally(page)).toBe(false);

    await page.getByRole("button", { name: "Mover Negociação para cima" }).click();
    await page.getByText("Ordem das etapas atualizada.").waitFor();
    const expected = ["Lead", "Contato", "Negociação", "Proposta", "Fechado"];
    const rows = page.locator("li[data-stage-id]");
    await expect
      .poll(() => rows.evaluateAll((items) => items.map((item) => item.getAttribute("aria-label"))), { timeout: 10_000 })
      .toEqual(expected);
    const order = await db.adminQuery<{ name: string }>(
      `select s.name from pipeline_stages s join organizations o on o.id = s.organization_id
        where o.slug = 'aurora' and s.is_active order by s.position`,
    );
    expect(order.map((s) => s.name)).toEqual(expected);
    await page.context().close();
  });
});
