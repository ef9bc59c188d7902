import type { Page } from "playwright-core";
import { describe, expect, it, onTestFailed } from "vitest";
import { axeFindings, describeFindings } from "../support/axe";
import { useBrowser } from "../support/chromium";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";

/**
 * The account page in Chromium on a 375 px phone: reached from the account
 * menu, nothing wider than the screen, axe finds nothing serious with or
 * without field errors, and a saved language is the page's language at once.
 */
describe("account page in a browser", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const chromium = useBrowser();

  async function settle(page: Page) {
    await page.waitForLoadState("load");
    await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  }

  async function expectNoAxeFindings(page: Page, where: string) {
    expect(describeFindings(await axeFindings(page)), where).toBe("");
  }

  it("on a phone: from the menu, accessible with and without errors, saved in the new language", { timeout: 180_000 }, async () => {
    const context = await chromium.current.newContext({ locale: "pt-BR", viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    onTestFailed(async () => {
      await page.screenshot({ path: "tests/.artifacts/account-page-phone.png", fullPage: true }).catch(() => {});
    });
    try {
      await page.goto(`${server.url}/login`);
      await page.locator('input[name="email"]').fill("rep@aurora.test");
      await page.locator('input[name="password"]').fill("aurora-demo-2026");
      await page.locator('input[name="password"]').press("Enter");
      await page.waitForURL(`${server.url}/o/aurora/board`);
      await settle(page);

      await page.getByRole("button", { name: /^Conta de / }).tap();
      await page.getByRole("menuitem", { name: "Minha conta" }).tap();
      await page.waitForURL(`${server.url}/account`);
      await settle(page);
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Minha conta");
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await expectNoAxeFindings(page, "account page");

      await page.getByLabel("Telefone para ligações").fill("123");
      await page.getByLabel("Fuso horário").selectOption("America/Recife");
      await page.getByRole("button", { name: "Salvar alterações" }).tap();
      await page.locator('[aria-invalid="true"]').first().waitFor();
      await settle(page);
      const phone = page.getByLabel("Telefone para ligações");
      await expect.poll(() => phone.getAttribute("aria-invalid")).toBe("true");
      expect(await phone.inputValue()).toBe("123");
      expect(await page.getByText("Informe um telefone válido com DDD").isVisible()).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await expectNoAxeFindings(page, "account page with a field error");

      await phone.fill("+55 (11) 91234-5678");
      await page.getByLabel("Idioma").selectOption("en");
      await page.getByRole("button", { name: "Salvar alterações" }).tap();
      await page.waitForURL(`${server.url}/account?saved`);
      await settle(page);
      expect(await page.locator("html").getAttribute("lang")).toBe("en");
      expect(await page.getByRole("status").textContent()).toBe("Account saved.");
      expect(await page.getByLabel("Phone for calls").inputValue()).toBe("+55 11 91234-5678");
      expect(await page.getByLabel("Time zone").inputValue()).toBe("America/Recife");
      await expectNoAxeFindings(page, "account page saved, in English");
      const [row] = await db.adminQuery<{ phone: string; locale: string; time_zone: string }>(
        "select phone, locale, time_zone from users where email = 'rep@aurora.test'",
      );
      expect(row).toEqual({ phone: "+5511912345678", locale: "en", time_zone: "America/Recife" });
    } finally {
      await context.close();
    }
  });
});
