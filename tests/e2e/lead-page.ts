import type { Browser, Page } from "playwright-core";
import { expect, onTestFailed } from "vitest";
import type { TestServer } from "../support/server";

/**
 * A demo person signed in, on a lead's page with its live stream open, and a
 * mark left on the document: `notReloaded` tells later that the page was
 * never reloaded. A failing test leaves a screenshot named after `name`.
 */
export async function openLeadPage(browser: Browser, server: TestServer, options: { email: string; leadId: string; name: string; timeoutMs?: number }) {
  const context = await browser.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(options.timeoutMs ?? 15_000);
  onTestFailed(async () => {
    await page.screenshot({ path: `tests/.artifacts/${options.name}.png`, fullPage: true }).catch(() => {});
  });
  await page.goto(`${server.url}/login`);
  await page.getByLabel("E-mail").fill(options.email);
  await page.getByLabel("Senha").fill("aurora-demo-2026");
  await page.getByRole("button", { name: "Entrar" }).click();
  await page.waitForURL(`${server.url}/o/aurora/board`);
  const stream = page.waitForResponse((response) => response.url().includes("/o/aurora/events"));
  await page.goto(`${server.url}/o/aurora/leads/${options.leadId}`);
  expect((await stream).status()).toBe(200);
  await page.evaluate(() => Object.assign(window, { __openedOnce: true }));
  return page;
}

export const notReloaded = (page: Page) => page.evaluate(() => (window as unknown as { __openedOnce?: boolean }).__openedOnce === true);
