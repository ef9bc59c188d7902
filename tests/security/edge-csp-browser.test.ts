import { describe, expect, it } from "vitest";
import { useBrowser } from "../support/chromium";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { DEMO_PASSWORD } from "../auth/helpers";

/** The policy in force in a real browser: every page still hydrates and nothing is blocked. */
describe("Content-Security-Policy in Chromium", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const chromium = useBrowser();

  it("logs in, runs the live board and opens a lead with no violation", { timeout: 60_000 }, async () => {
    const context = await chromium.current.newContext({ locale: "pt-BR" });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });

    const login = await page.goto(`${server.url}/login`);
    expect(login?.headers()["content-security-policy"]).toContain("'strict-dynamic'");
    await page.getByLabel("E-mail").fill("rep@aurora.test");
    await page.getByLabel("Senha").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Entrar" }).click();
    await page.waitForURL(`${server.url}/o/aurora/board`);
    // Only hydrated scripts open the event stream and say so.
    await page.locator('[data-connection="live"]').waitFor();

    const [lead] = await db.adminQuery<{ id: string; full_name: string }>(
      "select l.id, l.full_name from leads l join organizations o on o.id = l.organization_id where o.slug = 'aurora' order by l.stage_id, l.position limit 1",
    );
    await page.locator(`[data-lead-id="${lead.id}"]`).click();
    await page.waitForURL(`${server.url}/o/aurora/leads/${lead.id}`);
    await page.getByRole("heading", { name: lead.full_name }).waitFor();

    expect(violations).toEqual([]);
    await context.close();
  });
});
