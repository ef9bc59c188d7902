import { randomUUID } from "node:crypto";
import type { ServerBuild } from "@remix-run/node";
import type { Page } from "playwright-core";
import { describe, expect, it, onTestFailed } from "vitest";
import { inviteTokenFor } from "~/modules/invites/invite-token.server";
import { axeFindings, describeFindings } from "../support/axe";
import { useBrowser } from "../support/chromium";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";

type Locale = "pt-BR" | "en";

/** The real build with the lead page's loader failing the way a broken query fails: what an error boundary shows. */
function withFailingLeadPage(build: ServerBuild): ServerBuild {
  const id = "routes/o.$slug.leads.$leadId";
  const route = build.routes[id];
  return { ...build, routes: { ...build.routes, [id]: { ...route, module: { ...route.module, loader: () => Promise.reject(new Error("database down")) } } } };
}

/**
 * axe-core on every page of the app, in the states a person meets them in
 * (signed out, an editor's and a viewer's view, a menu or a sheet open, errors),
 * and the board and lead pages in both languages. Every page of a test is
 * audited before it fails, so one run lists all findings.
 */
describe("accessibility: axe finds nothing serious or critical", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const failing = useTestServer({ build: withFailingLeadPage });
  const chromium = useBrowser();

  async function open(locale: Locale, name: string, viewport = { width: 1280, height: 800 }) {
    const context = await chromium.current.newContext({ locale, viewport, isMobile: viewport.width < 500, hasTouch: viewport.width < 500 });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    onTestFailed(async () => {
      await page.screenshot({ path: `tests/.artifacts/accessibility-${name}.png`, fullPage: true }).catch(() => {});
    });
    return { context, page };
  }

  /** Collects each page's findings; `verify` fails the test with all of them listed by page. */
  function audit(locale: Locale) {
    const report: string[] = [];
    return {
      async check(page: Page, where: string) {
        // Audited in the language the test means to audit: the page must really be in it.
        expect(await page.locator("html").getAttribute("lang"), where).toBe(locale);
        const findings = await axeFindings(page);
        if (findings.length > 0) report.push(`${where} (${new URL(page.url()).pathname}):\n${describeFindings(findings)}`);
      },
      verify() {
        expect(report.join("\n\n"), "axe findings, page by page").toBe("");
      },
    };
  }

  async function settle(page: Page) {
    await page.waitForLoadState("load");
    // Hydration attaches ids and states on the next frames.
    await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  }

  async function visit(page: Page, base: string, path: string) {
    await page.goto(base + path);
    await settle(page);
  }

  async function signIn(page: Page, base: string, email: string) {
    await page.goto(`${base}/login`);
    await page.locator('input[name="email"]').fill(email);
    await page.locator('input[name="password"]').fill("aurora-demo-2026");
    await page.locator('input[name="password"]').press("Enter");
    await page.waitForURL(`${base}/o/aurora/board`);
  }

  async function freshInviteToken() {
    const owner = new TestClient(server);
    await owner.login("owner@aurora.test");
    const email = `convidada-${randomUUID().slice(0, 8)}@example.test`;
    const response = await owner.post("/o/aurora/settings/members.data", { intent: "invite", email, role: "member" });
    expect(response.status).toBeLessThan(400);
    const [invite] = await db.adminQuery<{ id: string }>("select id from organization_invites where email = $1", [email]);
    return inviteTokenFor(invite.id);
  }

  async function firstLeadId() {
    const [lead] = await db.adminQuery<{ id: string }>(
      `select l.id from leads l join organizations o on o.id = l.organization_id
        where o.slug = 'aurora' and l.status <> 'archived' order by l.stage_id, l.position limit 1`,
    );
    return lead.id;
  }

  /**
   * The lead's AI panel in its fullest state: a newer failed attempt above
   * the current summary (next steps, every kind of suggestion) and history.
   */
  async function summarize(leadId: string) {
    const [lead] = await db.adminQuery<{ organization_id: string; stage_id: string }>("select organization_id, stage_id from leads where id = $1", [leadId]);
    const [stage] = await db.adminQuery<{ id: string }>(
      "select id from pipeline_stages where organization_id = $1 and is_active and id <> $2 order by position limit 1",
      [lead.organization_id, lead.stage_id],
    );
    await db.adminQuery("update organizations set ai_enabled = true where id = $1", [lead.organization_id]);
    const output = {
      summary: "Pediu uma proposta do site novo e quer começar em janeiro.",
      sentiment: "positive",
      sentimentScore: 0.6,
      intent: "proposal",
      urgency: "high",
      nextActions: [{ text: "Enviar a proposta", dueDate: "2026-12-04" }, { text: "Marcar a reunião", dueDate: null }],
      suggestedStageId: stage.id as string | null,
      suggestedStageReason: "Pediu proposta",
      extracted: { company: "Acme Ltda", email: "compras@acme.test", budget: "R$ 15 mil", deadline: "janeiro" },
    };
    const insert = (status: string, ago: string, body: typeof output | null, error: string | null) =>
      db.adminQuery(
        `insert into ai_summaries (id, organization_id, lead_id, provider, model, status, trigger, input_fingerprint, output, sentiment, suggested_stage_id, error, created_at)
         values ($1, $2, $3, 'local', 'local', $4, 'auto', $5, $6::jsonb, $7, $8, $9, now() - $10::interval)`,
        [randomUUID(), lead.organization_id, leadId, status, randomUUID().replaceAll("-", ""), body && JSON.stringify(body), body?.sentiment ?? null, body?.suggestedStageId ?? null, error, ago],
      );
    await insert("succeeded", "3 hours", { ...output, sentiment: "neutral", suggestedStageId: null }, null);
    await insert("succeeded", "20 minutes", output, null);
    await insert("failed", "1 minute", null, "tempo esgotado");
  }

  it("the signed-out pages: login (also with errors), sign-up, an invitation, not found", { timeout: 180_000 }, async () => {
    const { context, page } = await open("pt-BR", "signed-out");
    const axe = audit("pt-BR");
    await visit(page, server.url, "/login");
    await axe.check(page, "login");
    await page.locator('input[name="email"]').press("Enter");
    await page.locator('[aria-invalid="true"]').first().waitFor();
    await axe.check(page, "login with field errors");
    await visit(page, server.url, "/signup");
    await axe.check(page, "sign-up");
    await visit(page, server.url, "/no-such-page");
    await axe.check(page, "not found");
    await visit(page, server.url, `/invites/${await freshInviteToken()}`);
    await axe.check(page, "invitation");
    await context.close();
    axe.verify();
  });

  it("an owner's board, with quick add and then the account menu open", { timeout: 240_000 }, async () => {
    const { context, page } = await open("pt-BR", "owner-board");
    const axe = audit("pt-BR");
    await signIn(page, server.url, "owner@aurora.test");
    await visit(page, server.url, "/o/aurora");
    await page.waitForURL(`${server.url}/o/aurora/board`);
    await page.locator('[data-connection="live"]').waitFor();
    // Each audit of the board covers all of it: the open parts ride along rather than costing a run each.
    const firstColumn = page.locator("[data-stage-id]").first();
    await firstColumn.getByRole("button", { name: /^Adicionar lead/ }).click();
    await firstColumn.getByRole("form").waitFor();
    await axe.check(page, "board, quick add open");
    await page.getByRole("button", { name: /^Conta de / }).click();
    await page.getByRole("menu").waitFor();
    await axe.check(page, "board, account menu open");
    await context.close();
    axe.verify();
  });

  it("an owner's other pages: lead, lead not found, settings, new organization", { timeout: 240_000 }, async () => {
    const { context, page } = await open("pt-BR", "owner-pages");
    const axe = audit("pt-BR");
    await signIn(page, server.url, "owner@aurora.test");
    const leadId = await firstLeadId();
    await summarize(leadId);
    await visit(page, server.url, `/o/aurora/leads/${leadId}`);
    await page.locator("[data-summary-id]").first().waitFor();
    // The folded history is audited open, as someone reading it meets it.
    await page.locator("[data-ai-history] > summary").click();
    await axe.check(page, "lead (editable, with an AI summary)");
    await visit(page, server.url, `/o/aurora/leads/${randomUUID()}`);
    await axe.check(page, "lead not found");
    await visit(page, server.url, "/o/aurora/settings/members");
    await axe.check(page, "members");
    await visit(page, server.url, "/o/aurora/settings/pipeline");
    await axe.check(page, "pipeline");
    await visit(page, server.url, "/o/aurora/settings/integrations");
    await axe.check(page, "integrations");
    await visit(page, server.url, "/o/aurora/settings/privacy");
    await axe.check(page, "privacy");
    await visit(page, server.url, "/o/aurora/settings/organization");
    await axe.check(page, "organization (delete)");
    await visit(page, server.url, "/organizations/new");
    await axe.check(page, "new organization");
    await context.close();
    axe.verify();
  });

  it("a viewer's pages: a read-only lead, a settings page the role may not open", { timeout: 180_000 }, async () => {
    const { context, page } = await open("pt-BR", "viewer");
    const axe = audit("pt-BR");
    await signIn(page, server.url, "viewer@aurora.test");
    await visit(page, server.url, `/o/aurora/leads/${await firstLeadId()}`);
    await axe.check(page, "lead (read only)");
    await visit(page, server.url, "/o/aurora/settings/pipeline");
    await axe.check(page, "pipeline, forbidden");
    await context.close();
    axe.verify();
  });

  it("in English: login, sign-up, the board and a lead", { timeout: 180_000 }, async () => {
    const { context, page } = await open("en", "english");
    const axe = audit("en");
    await visit(page, server.url, "/login");
    await axe.check(page, "login");
    await visit(page, server.url, "/signup");
    await axe.check(page, "sign-up");
    await signIn(page, server.url, "manager@aurora.test");
    await page.locator('[data-connection="live"]').waitFor();
    await axe.check(page, "board");
    await visit(page, server.url, `/o/aurora/leads/${await firstLeadId()}`);
    await axe.check(page, "lead");
    await context.close();
    axe.verify();
  });

  it("on a phone: the board with its filter sheet open, a lead with its AI summary", { timeout: 180_000 }, async () => {
    const { context, page } = await open("pt-BR", "phone", { width: 375, height: 812 });
    const axe = audit("pt-BR");
    await signIn(page, server.url, "rep@aurora.test");
    await page.locator('[data-connection="live"]').waitFor();
    await page.getByRole("button", { name: /^Filtros/ }).tap();
    await page.getByRole("dialog").waitFor();
    await axe.check(page, "board, filter sheet open");
    const leadId = await firstLeadId();
    await summarize(leadId);
    await visit(page, server.url, `/o/aurora/leads/${leadId}`);
    await page.locator("[data-summary-id]").first().waitFor();
    await axe.check(page, "lead with an AI summary");
    // Nothing of the panel runs off a 375-pixel screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await context.close();
    axe.verify();
  });

  it("on a phone: the privacy settings with a refused period", { timeout: 180_000 }, async () => {
    const { context, page } = await open("pt-BR", "phone-privacy", { width: 375, height: 812 });
    const axe = audit("pt-BR");
    await signIn(page, server.url, "owner@aurora.test");
    await visit(page, server.url, "/o/aurora/settings/privacy");
    // A period under its minimum, sent past the browser's own check, comes back as an error on the field.
    const inbox = page.getByLabel("Entregas dos provedores (dias)");
    await inbox.fill("3");
    await page.locator("form:has(input[name=inbox])").evaluate((form) => form.setAttribute("novalidate", ""));
    // Enter rather than a tap: a tapped button stays in its hover colours, which is not how the page reads.
    await inbox.press("Enter");
    await page.getByText("Informe um número inteiro de dias de 7 a 30.").waitFor();
    await page.waitForFunction(() => !document.querySelector("form button[type=submit]:disabled"));
    await axe.check(page, "privacy, refused period");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await context.close();
    axe.verify();
  });

  it("a server error: the page an error boundary shows", { timeout: 180_000 }, async () => {
    const { context, page } = await open("pt-BR", "server-error");
    const axe = audit("pt-BR");
    await signIn(page, failing.url, "rep@aurora.test");
    await visit(page, failing.url, `/o/aurora/leads/${await firstLeadId()}`);
    await axe.check(page, "server error");
    await context.close();
    axe.verify();
  });
});
