import { describe, expect, it, onTestFailed } from "vitest";
import { useBrowser, waitForKeyboardDrag } from "../support/chromium";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";

describe("the language switch in a real browser", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const chromium = useBrowser();

  it("switches a Brazilian rep's board to English from the header, keyboard announcements included", { timeout: 90_000 }, async () => {
    const context = await chromium.current.newContext({ locale: "pt-BR" });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    onTestFailed(async () => {
      await page.screenshot({ path: "tests/.artifacts/language-switch.png", fullPage: true }).catch(() => {});
    });
    const stages = await db.adminQuery<{ id: string; name: string }>(
      `select s.id, s.name from pipeline_stages s join organizations o on o.id = s.organization_id
        where o.slug = 'aurora' and s.is_active order by s.position`,
    );
    const [lead] = await db.adminQuery<{ id: string; full_name: string }>(
      `select id, full_name from leads where stage_id = $1 order by position limit 1`,
      [stages[0].id],
    );

    await page.goto(`${server.url}/login`);
    await page.getByLabel("E-mail").fill("rep@aurora.test");
    await page.getByLabel("Senha").fill("aurora-demo-2026");
    await page.getByRole("button", { name: "Entrar" }).click();
    await page.waitForURL(`${server.url}/o/aurora/board`);
    await page.getByRole("heading", { name: "Quadro de vendas" }).waitFor({ state: "attached" });
    expect(await page.locator("html").getAttribute("lang")).toBe("pt-BR");

    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
    // The filter dialog: a modal labelled by its heading; Escape closes it and focus goes back to its button.
    const filters = page.getByRole("button", { name: "Filtros", exact: true });
    await filters.click();
    await page.getByRole("dialog", { name: "Filtros" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "hidden" });
    expect(await filters.evaluate((button) => button === document.activeElement)).toBe(true);

    // The account menu from the keyboard: it opens on its first item, arrows move through the items, Escape closes it.
    const account = page.getByRole("button", { name: /^Conta de / });
    await account.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("menu").waitFor();
    expect(await account.getAttribute("aria-expanded")).toBe("true");
    expect(await focused()).toBe("Minha conta");
    await page.keyboard.press("ArrowDown");
    expect(await focused()).toBe("Português (Brasil)✓");
    await page.keyboard.press("ArrowDown");
    expect(await focused()).toBe("English");
    await page.keyboard.press("Escape");
    await page.getByRole("menu").waitFor({ state: "hidden" });
    expect(await account.getAttribute("aria-expanded")).toBe("false");
    expect(await account.evaluate((button) => button === document.activeElement)).toBe(true);

    await account.click();
    await page.getByRole("menuitem", { name: "English" }).click();

    await expect.poll(() => page.locator("html").getAttribute("lang"), { timeout: 10_000 }).toBe("en");
    await page.getByRole("heading", { name: "Sales board" }).waitFor({ state: "attached" });
    expect(await page.title()).toBe("Board · Loved CRM");
    expect(page.url()).toBe(`${server.url}/o/aurora/board`);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Board" }).waitFor();
    // Stage names are data: the columns keep them.
    for (const stage of stages) expect(await page.getByRole("listitem", { name: stage.name, exact: true }).count()).toBe(1);
    expect(await page.getByRole("button", { name: `Add lead to ${stages[0].name}` }).count()).toBe(1);
    expect(await page.getByText("Quadro de vendas").count()).toBe(0);
    const [saved] = await db.adminQuery<{ locale: string }>(`select locale from users where email = 'rep@aurora.test'`);
    expect(saved.locale).toBe("en");

    // What a screen reader hears while moving a card with the keyboard.
    const handle = page.locator(`[data-lead-id="${lead.id}"]`).getByRole("button", { name: `Move ${lead.full_name}` });
    await handle.focus();
    const instructions = await handle.getAttribute("aria-describedby");
    expect(await page.locator(`[id="${instructions}"]`).textContent()).toContain("To move this lead, press space or Enter.");
    await page.keyboard.press("Space");
    const liveRegion = page.locator('[id^="DndLiveRegion"]');
    // dnd-kit announces the pick-up, then where the card is over (it starts over its own place).
    const escaped = lead.full_name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const position = `at position 1 of \\d+ in ${stages[0].name}\\.`;
    await expect
      .poll(() => liveRegion.textContent(), { timeout: 10_000 })
      .toMatch(new RegExp(`^(You picked up ${escaped}, ${position}|${escaped} is now ${position})$`));
    await waitForKeyboardDrag(page);
    await page.keyboard.press("Escape");
    await expect.poll(() => liveRegion.textContent(), { timeout: 10_000 }).toContain(`Move cancelled. ${lead.full_name} went back where it was.`);
    await context.close();
  });

  it("works without JavaScript: plain form posts on the login page and in the header", { timeout: 60_000 }, async () => {
    const context = await chromium.current.newContext({ locale: "pt-BR", javaScriptEnabled: false });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    onTestFailed(async () => {
      await page.screenshot({ path: "tests/.artifacts/language-switch-no-js.png", fullPage: true }).catch(() => {});
    });

    await page.goto(`${server.url}/login`);
    await page.getByRole("button", { name: "Mudar o idioma para English" }).click();
    await page.getByRole("heading", { name: "Log in" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.getByLabel("Email").fill("viewer@aurora.test");
    await page.getByLabel("Password").fill("aurora-demo-2026");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${server.url}/o/aurora/board`);
    expect(await page.locator("html").getAttribute("lang")).toBe("en");

    await page.getByRole("button", { name: "Change the language to Português (Brasil)" }).click();
    await page.waitForURL(`${server.url}/o/aurora/board`);
    expect(await page.locator("html").getAttribute("lang")).toBe("pt-BR");
    expect(await page.title()).toBe("Quadro · Loved CRM");
    const [saved] = await db.adminQuery<{ locale: string }>(`select locale from users where email = 'viewer@aurora.test'`);
    expect(saved.locale).toBe("pt-BR");
    await context.close();
  });
});
