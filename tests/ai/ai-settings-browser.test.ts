import type { Page } from "playwright-core";
import { describe, expect, it, onTestFailed } from "vitest";
import { signUpOrganization } from "../security/streams-factories";
import { axeFindings, describeFindings } from "../support/axe";
import { useBrowser } from "../support/chromium";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";

/**
 * The AI settings page in Chromium on a 375 px phone: reached from the
 * header, nothing wider than the screen, axe finds nothing serious, and the
 * switch and the limit work by touch.
 */
describe("AI settings page in a browser", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const chromium = useBrowser();

  async function settle(page: Page) {
    await page.waitForLoadState("load");
    await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  }

  async function expectFits(page: Page, where: string) {
    expect(await page.evaluate(() => document.documentElement.scrollWidth), where).toBeLessThanOrEqual(375);
    expect(describeFindings(await axeFindings(page)), where).toBe("");
  }

  it("on a phone: from the header, accessible, switched on and given a limit by touch", { timeout: 180_000 }, async () => {
    const organization = await signUpOrganization(server, db);
    const context = await chromium.current.newContext({ locale: "pt-BR", viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    await context.addCookies([...organization.owner.cookies].map(([name, value]) => ({ name, value, url: server.url })));
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    onTestFailed(async () => {
      await page.screenshot({ path: "tests/.artifacts/ai-settings-phone.png", fullPage: true }).catch(() => {});
    });
    try {
      await page.goto(`${server.url}/o/${organization.slug}/board`);
      await settle(page);
      await page.getByRole("navigation").getByRole("link", { name: "IA", exact: true }).tap();
      await page.waitForURL(`${server.url}/o/${organization.slug}/settings/ai`);
      await settle(page);
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Inteligência artificial");
      await expectFits(page, "AI settings, off");

      const toggle = page.getByRole("switch", { name: "Usar IA nesta organização" });
      expect(await toggle.getAttribute("aria-checked")).toBe("false");
      await toggle.tap();
      await expect.poll(() => toggle.getAttribute("aria-checked")).toBe("true");
      expect(await page.getByRole("status").textContent()).toBe("IA ligada.");

      const limit = page.getByLabel("Resumos por IA por mês");
      await limit.fill("250");
      await page.getByRole("button", { name: "Salvar limite" }).tap();
      await expect.poll(() => page.getByRole("status").textContent()).toBe("Limite mensal salvo: 250 resumos por IA.");
      expect(await limit.inputValue()).toBe("250");
      await settle(page);
      await expectFits(page, "AI settings, on with a new limit");

      const [row] = await db.adminQuery<{ ai_enabled: boolean; ai_monthly_limit: number }>("select ai_enabled, ai_monthly_limit from organizations where id = $1", [organization.id]);
      expect(row).toEqual({ ai_enabled: true, ai_monthly_limit: 250 });
    } finally {
      await context.close();
    }
  });
});
