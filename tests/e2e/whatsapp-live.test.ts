import { run, Logger, type Runner } from "graphile-worker";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { taskList } from "@worker/task-list";
import { useBrowser } from "../support/chromium";
import { notReloaded, openLeadPage } from "./lead-page";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { organizationId } from "../board/support";
import { startGraphStandIn, type GraphStandIn } from "~/server/graph-stand-in";
import { resetEnv } from "~/utils/env.server";
import { createConnection, messageBody, nowSeconds, postWebhook, wamid, type TestConnection } from "../whatsapp/support";

/**
 * A lead page left open in real Chromium while the lead writes on WhatsApp
 * and a teammate writes a note: both land on the timeline without a reload,
 * through the webhook, the inbox, a running worker and the event stream; the
 * rep's answer reaches Meta (the stand-in) once and its read ticks show.
 */
describe("a lead's timeline live in a real browser", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const chromium = useBrowser();
  let connection: TestConnection;
  let worker: Runner | undefined;
  let graph: GraphStandIn | undefined;

  beforeAll(async () => {
    connection = await createConnection(db, await organizationId(db, "aurora"));
    // Meta's side of an answer: the stand-in accepts the send and plays sent, delivered and read back through the signed webhook.
    graph = await startGraphStandIn({
      accounts: [
        {
          wabaId: connection.wabaId,
          accessToken: connection.accessToken,
          phoneNumbers: connection.numbers.map((id) => ({ id, display: "+55 11 4000-0000" })),
          webhook: { url: `${server.url}/webhooks/whatsapp/${connection.key}`, appSecret: connection.appSecret },
        },
      ],
    });
    process.env.WHATSAPP_GRAPH_URL = graph.url;
    resetEnv();
    // The worker as `npm run worker` runs it (same task list), in this process so the test needs no second build.
    worker = await run({ connectionString: db.ownerUrl, taskList, concurrency: 2, logger: new Logger(() => () => {}), noHandleSignals: true });
  });
  afterAll(async () => {
    await worker?.stop();
    await graph?.close();
  });


  it("shows an inbound WhatsApp message and a teammate's note without a reload", { timeout: 120_000 }, async () => {
    const [lead] = await db.adminQuery<{ id: string; phone: string }>(
      `select l.id, l.phone from leads l join organizations o on o.id = l.organization_id join users u on u.id = l.assignee_id
        where o.slug = 'aurora' and u.email = 'rep@aurora.test' and l.status = 'active' and l.phone is not null order by l.full_name limit 1`,
    );
    const rep = await openLeadPage(chromium.current, server, { email: "rep@aurora.test", leadId: lead.id, name: "whatsapp-live-rep" });
    const manager = await openLeadPage(chromium.current, server, { email: "manager@aurora.test", leadId: lead.id, name: "whatsapp-live-manager" });

    const text = `Oi Camila, posso passar aí às ${Date.now() % 1000} horas?`;
    const waId = lead.phone.replace(/\D/g, "");
    const answer = await postWebhook(server.url, connection, messageBody(connection.numbers[0], { from: waId, id: wamid(), timestamp: nowSeconds(), type: "text", text: { body: text } }));
    expect(answer.status).toBe(200);
    for (const page of [rep, manager]) {
      await page.locator('[data-entry-id][data-kind]', { hasText: text }).waitFor();
      expect(await notReloaded(page)).toBe(true);
    }
    const [row] = await db.adminQuery<{ id: string }>(`select id from communications where lead_id = $1 and content = $2`, [lead.id, text]);
    expect(await rep.locator(`[data-entry-id="${row.id}"]`).textContent()).toContain(text);

    const note = `Cliente confirmou visita — nota ${Date.now() % 1000}`;
    await rep.locator("#note-content").fill(note);
    await rep.getByRole("button", { name: "Adicionar nota" }).click();
    await manager.locator("[data-entry-id]", { hasText: note }).waitFor();
    expect(await notReloaded(manager)).toBe(true);
    expect(await db.adminQuery(`select 1 from communications where lead_id = $1 and channel = 'note' and content = $2`, [lead.id, note])).toHaveLength(1);

    // The rep answers on WhatsApp: Meta (the stand-in) receives it, and its read receipt shows as ticks on both pages.
    const reply = `Pode sim! Te espero às ${Date.now() % 1000} horas.`;
    await rep.locator("#whatsapp-text").fill(reply);
    await rep.getByRole("button", { name: "Enviar" }).click();
    const sentEntry = (page: Page) => page.locator("[data-entry-id]", { hasText: reply });
    for (const page of [rep, manager]) await sentEntry(page).locator('[data-ticks="read"]').waitFor();
    const sends = graph!.sent.filter((request) => request.route === "messages" && JSON.stringify(request.body).includes(reply));
    expect(sends).toHaveLength(1);
    expect(await notReloaded(rep)).toBe(true);
    expect(await notReloaded(manager)).toBe(true);
    await rep.context().close();
    await manager.context().close();
  });
});
