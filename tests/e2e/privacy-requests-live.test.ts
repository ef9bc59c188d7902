import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { organizationId, postBoard, stagesOf } from "../board/support";
import { aPhone } from "../privacy/support";
import { useBrowser } from "../support/chromium";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { runJobs } from "../whatsapp/support";
import { openLeadPage } from "./lead-page";

/**
 * An admin registers an access request from a lead page in real Chromium,
 * lands on the privacy page, and sees the export finish there without a
 * reload when the worker's job is done.
 */
describe("a data-subject request from a lead page, live on the privacy page", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const chromium = useBrowser();

  it("registers it from the lead's 'Pedido LGPD' and shows the finished export's download link live", { timeout: 90_000 }, async () => {
    const aurora = await organizationId(db, "aurora");
    const owner = new TestClient(server);
    await owner.login("owner@aurora.test");
    const fullName = `Titular ${randomUUID().slice(0, 8)}`;
    expect((await postBoard(owner, "aurora", { intent: "create", stageId: (await stagesOf(db, aurora))[0].id, fullName })).status).toBe(200);
    const [lead] = await db.adminQuery<{ id: string }>("update leads set phone = $2 where full_name = $1 returning id", [fullName, aPhone().e164]);

    const page = await openLeadPage(chromium.current, server, { email: "owner@aurora.test", leadId: lead.id, name: "privacy-requests-live" });
    await page.getByText("Pedido LGPD").click();
    await page.getByLabel("Contato para a resposta").fill("titular@example.com");
    const stream = page.waitForResponse((response) => response.url().includes("/o/aurora/events"));
    await page.getByRole("button", { name: "Registrar pedido" }).click();
    await page.waitForURL(`${server.url}/o/aurora/settings/privacy`);
    await page.getByText("Pedido registrado para 1 lead.").waitFor();
    const [request] = await db.adminQuery<{ id: string }>("select id from privacy_requests where organization_id = $1 and $2 = any(lead_ids)", [aurora, lead.id]);
    const item = page.locator(`[data-request-id="${request.id}"]`);
    await item.and(page.locator('[data-status="received"]')).waitFor();
    expect((await stream).status()).toBe(200);
    await page.evaluate(() => Object.assign(window, { __stayed: true }));

    // No worker runs here: the queued export is run as the worker would.
    await runJobs(db);
    await item.and(page.locator('[data-status="done"]')).waitFor();
    await item.getByRole("link", { name: "Baixar arquivo (.zip)" }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __stayed?: boolean }).__stayed)).toBe(true);
  });
});
