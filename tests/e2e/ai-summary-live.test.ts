import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { saveSummary } from "~/modules/ai/save-summary.server";
import { LOCAL_ANALYZER_MODEL, summarizeLead } from "~/modules/ai/summarize-lead.server";
import { withOrganization } from "~/utils/db.server";
import { useBrowser } from "../support/chromium";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { organizationId, postBoard, stagesOf } from "../board/support";
import { notReloaded, openLeadPage } from "./lead-page";

/**
 * Summaries made on the server reach an open lead page and an open board in
 * real Chromium without a reload: "Resumir agora" waits for the local
 * analyzer's, the panel shows it as local analysis, the card its sentiment
 * dot and "novo resumo" for a teammate who has not opened the lead; one
 * click takes a later summary's company suggestion onto the lead.
 */
describe("an AI summary live on the lead page and the board", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const chromium = useBrowser();
  let auroraId = "";

  beforeAll(async () => {
    auroraId = await organizationId(db, "aurora");
    await db.adminQuery("update organizations set ai_enabled = true where id = $1", [auroraId]);
  });

  async function openBoard(email: string) {
    const context = await chromium.current.newContext({ locale: "pt-BR", viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    onTestFailed(async () => {
      await page.screenshot({ path: "tests/.artifacts/ai-summary-live-board.png" }).catch(() => {});
    });
    await page.goto(`${server.url}/login`);
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Senha").fill("aurora-demo-2026");
    await page.getByRole("button", { name: "Entrar" }).click();
    await page.waitForURL(`${server.url}/o/aurora/board`);
    await page.locator('[data-connection="live"]').waitFor();
    return page;
  }

  it("shows new summaries on the open lead page and board card, and applies a suggestion in one click", { timeout: 90_000 }, async () => {
    const owner = new TestClient(server);
    await owner.login("owner@aurora.test");
    const fullName = `Lead resumido ${randomUUID().slice(0, 8)}`;
    // The quick add puts it at the top of the first column, where the board's first page shows it.
    expect((await postBoard(owner, "aurora", { intent: "create", stageId: (await stagesOf(db, auroraId))[0].id, fullName })).status).toBe(200);
    const [lead] = await db.adminQuery<{ id: string }>("select id from leads where full_name = $1", [fullName]);
    const note = "Cliente adorou a apresentação e pediu a proposta do site novo até sexta.";
    expect((await owner.post(`/o/aurora/leads/${lead.id}.data`, { intent: "add-note", content: note })).status).toBe(200);

    const rep = await openLeadPage(chromium.current, server, { email: "rep@aurora.test", leadId: lead.id, name: "ai-summary-live-rep" });
    const board = await openBoard("manager@aurora.test");
    const panel = rep.getByRole("region", { name: "Resumo da IA" });
    await panel.getByText("O resumo aparece alguns segundos depois de uma mensagem, ligação ou nota.").waitFor();
    const card = board.locator(`[data-lead-id="${lead.id}"]`);
    await card.waitFor();
    expect(await card.getAttribute("data-ai-sentiment")).toBeNull();

    // No worker runs here: the job "Resumir agora" queued is done by hand, as the worker would.
    await panel.getByRole("button", { name: "Resumir agora" }).click();
    await panel.getByText("Analisando a conversa…").waitFor();
    const local = await summarizeLead({ organizationId: auroraId, leadId: lead.id, trigger: "manual", requestedBy: null });
    expect(local).toMatchObject({ done: "saved", status: "succeeded" });
    const first = panel.locator(`article[data-summary-id="${local.done === "saved" ? local.summaryId : ""}"]`);
    await first.getByText("análise local").waitFor();
    await panel.getByText("Analisando a conversa…").waitFor({ state: "detached" });
    await board.locator(`[data-lead-id="${lead.id}"][data-ai-sentiment][data-summary-new="true"]`).waitFor();

    const saved = await withOrganization(auroraId, (tx) =>
      saveSummary(tx, {
        organizationId: auroraId,
        leadId: lead.id,
        provider: "local",
        model: LOCAL_ANALYZER_MODEL,
        usageId: null,
        trigger: "auto",
        requestedBy: null,
        fingerprint: randomUUID().replaceAll("-", ""),
        inputFrom: null,
        inputTo: null,
        entryCount: 2,
        result: {
          ok: true,
          output: {
            summary: "Quer fechar o site novo com a Acme Ltda ainda este mês.",
            sentiment: "positive",
            sentimentScore: 0.7,
            intent: "purchase",
            urgency: "high",
            nextActions: [{ text: "Enviar o contrato", dueDate: "2026-12-04" }],
            suggestedStageId: null,
            suggestedStageReason: null,
            extracted: { company: "Acme Ltda", email: null, budget: null, deadline: null },
          },
        },
        usage: null,
        costBrl: null,
        durationMs: 5,
        readAt: new Date(),
      }),
    );
    expect(saved?.status).toBe("succeeded");

    const summary = rep.locator(`article[data-summary-id="${saved!.summaryId}"]`);
    await summary.getByText("Quer fechar o site novo com a Acme Ltda ainda este mês.").waitFor();
    expect(await summary.getAttribute("data-provider")).toBe("local");
    await summary.getByText("análise local").waitFor();
    await summary.getByText("Sentimento: positivo").waitFor();
    await board.locator(`[data-lead-id="${lead.id}"][data-ai-sentiment="positive"][data-summary-new="true"]`).waitFor();
    await card.getByTitle("Sentimento: positivo").waitFor();
    await card.getByText("novo resumo").waitFor();

    await panel.getByRole("button", { name: /^Usar Empresa: Acme Ltda/ }).click();
    await panel.getByText(/^aplicado por /).waitFor();
    await rep.getByText("Sugestão aplicada ao lead.").waitFor();
    const [after] = await db.adminQuery<{ company: string | null }>("select company from leads where id = $1", [lead.id]);
    expect(after.company).toBe("Acme Ltda");

    expect(await notReloaded(rep)).toBe(true);
    await rep.context().close();
    await board.context().close();
  });
});
