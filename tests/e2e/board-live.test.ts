import type { Locator, Page } from "playwright-core";
import { describe, expect, it, onTestFailed } from "vitest";
import { useBrowser, waitForKeyboardDrag } from "../support/chromium";
import { TestClient } from "../support/client";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";

/**
 * The live board in real Chromium, with two teammates of Agência Aurora in
 * two browser contexts: Helena (owner@) and Camila (rep@).
 */
describe("the live board in a real browser", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const chromium = useBrowser();

  async function openBoard(email: string, options: { width?: number; height?: number; mobile?: boolean; name: string; deaf?: boolean }) {
    const context = await chromium.current.newContext({
      locale: "pt-BR",
      viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
      hasTouch: options.mobile,
      isMobile: options.mobile,
    });
    // A deaf board never hears the event stream, so what it shows goes stale.
    if (options.deaf) await context.route("**/o/aurora/events**", (route) => route.abort());
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    onTestFailed(async () => {
      await page.screenshot({ path: `tests/.artifacts/board-live-${options.name}.png` }).catch(() => {});
    });
    await page.goto(`${server.url}/login`);
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Senha").fill("aurora-demo-2026");
    await page.getByRole("button", { name: "Entrar" }).click();
    await page.waitForURL(`${server.url}/o/aurora/board`);
    await page.locator("[data-lead-id]").first().waitFor();
    return { context, page };
  }

  /** Waits until the page's live stream is connected (the board says "Ao vivo"). */
  async function waitLive(page: Page) {
    await page.locator('[data-connection="live"]').waitFor();
  }

  async function stages() {
    return db.adminQuery<{ id: string; name: string }>(
      `select s.id, s.name from pipeline_stages s join organizations o on o.id = s.organization_id
       where o.slug = 'aurora' and s.is_active order by s.position`,
    );
  }

  /** The n-th card (board order) of a stage, as the database has it. */
  async function leadAt(stageId: string, index: number) {
    const [lead] = await db.adminQuery<{ id: string; full_name: string; version: number }>(
      `select id, full_name, version from leads where stage_id = $1 and status <> 'archived' order by position collate "C" offset $2 limit 1`,
      [stageId, index],
    );
    return lead;
  }

  async function stageOf(leadId: string) {
    const [row] = await db.adminQuery<{ stage_id: string; version: number }>(`select stage_id, version from leads where id = $1`, [leadId]);
    return row;
  }

  function card(page: Page, leadId: string, stageId?: string): Locator {
    return page.locator(stageId ? `[data-stage-id="${stageId}"] [data-lead-id="${leadId}"]` : `[data-lead-id="${leadId}"]`);
  }

  /** A mouse drag the way a person does it: press, nudge past the activation distance, travel, release. */
  async function dragWithMouse(page: Page, source: Locator, target: Locator) {
    await source.scrollIntoViewIfNeeded();
    const from = await source.boundingBox();
    const to = await target.boundingBox();
    if (!from || !to) throw new Error("drag source or target is not on screen");
    const startX = from.x + from.width / 2;
    const startY = from.y + from.height / 2;
    await page.mouse.move(startX, startY);
    await page.mouse.down();
    await page.mouse.move(startX + 12, startY + 4, { steps: 4 });
    await page.mouse.move(to.x + to.width / 2, to.y + Math.min(160, to.height / 2), { steps: 20 });
    await page.mouse.move(to.x + to.width / 2, to.y + Math.min(170, to.height / 2), { steps: 4 });
    await page.mouse.up();
  }

  it("A drags a card to another column with the mouse; B sees it there, live, without a reload", { timeout: 60_000 }, async () => {
    const [first, second] = await stages();
    const lead = await leadAt(first.id, 1);
    const a = await openBoard("owner@aurora.test", { name: "mouse-a" });
    const b = await openBoard("rep@aurora.test", { name: "mouse-b" });
    await Promise.all([waitLive(a.page), waitLive(b.page)]);
    await b.page.evaluate(() => Object.assign(window, { __sameDocument: "yes" }));
    await card(b.page, lead.id, first.id).waitFor();

    // Each sees the other on the board.
    await a.page.getByRole("group", { name: /Camila Nogueira/ }).waitFor();
    await b.page.getByRole("group", { name: /Helena Duarte/ }).waitFor();

    // One lead changed: neither board runs its loader again (only single cards are fetched).
    const boardReloads: string[] = [];
    for (const page of [a.page, b.page]) {
      page.on("request", (request) => {
        const url = new URL(request.url());
        if (request.method() !== "GET" || !url.pathname.endsWith(".data")) return;
        const routes = url.searchParams.get("_routes");
        if (routes === null || routes.split(",").includes("routes/o.$slug.board")) boardReloads.push(request.url());
      });
    }

    const moved = a.page.waitForResponse((response) => response.request().method() === "POST" && new URL(response.url()).pathname.startsWith("/o/aurora/board"));
    await dragWithMouse(a.page, card(a.page, lead.id), a.page.getByRole("listitem", { name: second.name }));
    // Optimistic: A's card is in the new column before any answer is needed.
    await card(a.page, lead.id, second.id).waitFor();
    expect((await moved).status()).toBe(200);

    // Pushed, not polled: the hub's safety sweep runs every 30 s and nothing reloads, so seeing it within a few
    // seconds proves the live path. The sub-second figure itself is the benchmark's to measure, not a test's (a
    // loaded CI machine must not fail it); on an idle machine B has it before A's own answer arrives.
    await card(b.page, lead.id, second.id).waitFor({ timeout: 5_000 });
    expect(await card(b.page, lead.id, first.id).count()).toBe(0);
    expect(await b.page.evaluate(() => (window as unknown as { __sameDocument?: string }).__sameDocument)).toBe("yes");
    const server = await stageOf(lead.id);
    expect(server.stage_id).toBe(second.id);
    await expect.poll(() => card(b.page, lead.id).getAttribute("data-version"), { timeout: 10_000 }).toBe(String(server.version));
    // B is told who moved it.
    await card(b.page, lead.id).getByText("Helena moveu").waitFor();
    expect(boardReloads).toEqual([]);
    await a.context.close();
    await b.context.close();
  });

  it("moves a card with the keyboard: focus its handle, space, arrow right, space", { timeout: 60_000 }, async () => {
    const [first, second] = await stages();
    const lead = await leadAt(first.id, 2);
    const { page, context } = await openBoard("rep@aurora.test", { name: "keyboard" });
    await waitLive(page);

    const handle = card(page, lead.id).getByRole("button", { name: `Mover ${lead.full_name}` });
    await handle.focus();
    await page.keyboard.press("Space");
    await expect.poll(() => handle.getAttribute("aria-pressed"), { timeout: 10_000 }).toBe("true");
    await waitForKeyboardDrag(page);
    await page.keyboard.press("ArrowRight");
    await card(page, lead.id, second.id).waitFor();
    await page.keyboard.press("Space");

    await expect.poll(async () => (await stageOf(lead.id)).stage_id, { timeout: 10_000 }).toBe(second.id);
    await card(page, lead.id, second.id).waitFor();
    await expect.poll(async () => Number(await card(page, lead.id).getAttribute("data-version")), { timeout: 10_000 }).toBe((await stageOf(lead.id)).version);
    await context.close();
  });

  it("moves a card by touch: press and hold, slide to another column, lift", { timeout: 60_000 }, async () => {
    const [, second, third] = await stages();
    const lead = await leadAt(second.id, 0);
    const { page, context } = await openBoard("rep@aurora.test", { name: "touch", width: 1024, height: 768, mobile: true });
    await waitLive(page);
    const from = (await card(page, lead.id).boundingBox())!;
    const to = (await page.getByRole("listitem", { name: third.name }).boundingBox())!;
    // Real touch events through the DevTools protocol: a quick swipe scrolls, only a press held still starts a drag.
    const cdp = await context.newCDPSession(page);
    const touch = (type: "touchStart" | "touchMove" | "touchEnd", x: number, y: number) =>
      cdp.send("Input.dispatchTouchEvent", { type, touchPoints: type === "touchEnd" ? [] : [{ x, y }] });
    const start = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
    const end = { x: to.x + to.width / 2, y: to.y + Math.min(170, to.height / 2) };
    await touch("touchStart", start.x, start.y);
    await page.waitForTimeout(400);
    for (let step = 1; step <= 20; step++) {
      await touch("touchMove", start.x + ((end.x - start.x) * step) / 20, start.y + ((end.y - start.y) * step) / 20);
    }
    await card(page, lead.id, third.id).waitFor();
    await touch("touchEnd", end.x, end.y);

    await expect.poll(async () => (await stageOf(lead.id)).stage_id, { timeout: 10_000 }).toBe(third.id);
    await expect.poll(async () => Number(await card(page, lead.id).getAttribute("data-version")), { timeout: 10_000 }).toBe((await stageOf(lead.id)).version);
    await context.close();
  });

  it("a stale move gets 409: the card snaps to the truth and the toast says who moved it", { timeout: 60_000 }, async () => {
    const [first, second, third] = await stages();
    const lead = await leadAt(first.id, 3);
    const b = await openBoard("rep@aurora.test", { name: "stale-b", deaf: true });
    await card(b.page, lead.id, first.id).waitFor();
    const staleVersion = await card(b.page, lead.id).getAttribute("data-version");

    // A moves it to the third column.
    const helena = new TestClient(server);
    await helena.login("owner@aurora.test");
    const moved = await helena.post("/o/aurora/board", { intent: "move", leadId: lead.id, toStageId: third.id, afterLeadId: "", version: String(lead.version) });
    expect(moved.status).toBe(200);
    expect(await card(b.page, lead.id, first.id).getAttribute("data-version")).toBe(staleVersion);

    const refused = b.page.waitForResponse((response) => response.request().method() === "POST" && new URL(response.url()).pathname.startsWith("/o/aurora/board"));
    await dragWithMouse(b.page, card(b.page, lead.id), b.page.getByRole("listitem", { name: second.name }));
    expect((await refused).status()).toBe(409);

    await card(b.page, lead.id, third.id).waitFor();
    expect(await card(b.page, lead.id, second.id).count()).toBe(0);
    await b.page.getByText(/Helena moveu este lead para/).first().waitFor();
    // The notice is an item of the page's live region, stays while focused, and Escape closes it.
    const region = b.page.locator('ol[aria-live="polite"]');
    const notice = region.getByRole("listitem").filter({ hasText: /Helena moveu este lead para/ });
    await notice.focus();
    await b.page.keyboard.press("Escape");
    await notice.waitFor({ state: "detached" });
    const truth = await stageOf(lead.id);
    expect(truth.stage_id).toBe(third.id);
    expect(await card(b.page, lead.id).getAttribute("data-version")).toBe(String(truth.version));
    await b.context.close();
  });

  it("quick add: field errors first, then the new lead tops the column on both boards", { timeout: 60_000 }, async () => {
    const [first] = await stages();
    const a = await openBoard("owner@aurora.test", { name: "create-a" });
    const b = await openBoard("rep@aurora.test", { name: "create-b" });
    await Promise.all([waitLive(a.page), waitLive(b.page)]);
    const column = b.page.getByRole("listitem", { name: first.name });
    await column.getByRole("button", { name: `Adicionar lead em ${first.name}` }).click();
    const form = column.getByRole("form", { name: `Novo lead em ${first.name}` });
    await form.getByLabel("Nome").fill("Joana Quick Add");
    await form.getByLabel("Telefone").fill("12345");
    await form.getByRole("button", { name: "Adicionar", exact: true }).click();
    await form.getByText(/Telefone inválido/).waitFor();
    expect(await db.adminQuery(`select id from leads where full_name = 'Joana Quick Add'`)).toHaveLength(0);

    await form.getByLabel("Telefone").fill("(11) 98765-4321");
    await form.getByLabel("Valor (R$)").fill("4.500,00");
    await form.getByRole("button", { name: "Adicionar", exact: true }).click();
    const createdRows = () => db.adminQuery<{ id: string; stage_id: string }>(`select id, stage_id from leads where full_name = 'Joana Quick Add'`);
    await expect.poll(createdRows, { timeout: 10_000 }).toHaveLength(1);
    const [created] = await createdRows();
    expect(created.stage_id).toBe(first.id);
    for (const page of [b.page, a.page]) {
      const top = page.getByRole("listitem", { name: first.name }).locator("[data-lead-id]").first();
      await expect.poll(() => top.getAttribute("data-lead-id"), { timeout: 10_000 }).toBe(created.id);
      expect(await top.textContent()).toMatch(/R\$\s4\.500/);
    }
    await a.page.getByRole("listitem", { name: first.name }).getByText("Camila criou").waitFor();
    await a.context.close();
    await b.context.close();
  });

  it("a card a teammate is dragging shows who and cannot be grabbed until they drop it", { timeout: 60_000 }, async () => {
    const [, second] = await stages();
    const lead = await leadAt(second.id, 0);
    const a = await openBoard("owner@aurora.test", { name: "lock-a" });
    const b = await openBoard("rep@aurora.test", { name: "lock-b" });
    await Promise.all([waitLive(a.page), waitLive(b.page)]);
    const bCard = card(b.page, lead.id);
    await bCard.getByRole("button", { name: `Mover ${lead.full_name}` }).waitFor();

    const box = (await card(a.page, lead.id).boundingBox())!;
    await a.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await a.page.mouse.down();
    await a.page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 60, { steps: 6 });

    await bCard.getByText("Helena está movendo").waitFor();
    expect(await bCard.getByRole("button", { name: `Mover ${lead.full_name}` }).count()).toBe(0);

    await a.page.keyboard.press("Escape");
    await a.page.mouse.up();
    await bCard.getByRole("button", { name: `Mover ${lead.full_name}` }).waitFor();
    expect(await bCard.getByText("Helena está movendo").count()).toBe(0);
    await a.context.close();
    await b.context.close();
  });

  it("loses nothing while offline: the stream reconnects by itself and replays what it missed", { timeout: 60_000 }, async () => {
    const [first, , , fourth] = await stages();
    const lead = await leadAt(first.id, 4);
    const b = await openBoard("rep@aurora.test", { name: "offline-b" });
    await waitLive(b.page);
    await b.page.evaluate(() => Object.assign(window, { __sameDocument: "yes" }));

    await b.context.setOffline(true);
    await b.page.locator('[data-connection="reconnecting"]').waitFor();
    const helena = new TestClient(server);
    await helena.login("owner@aurora.test");
    const moved = await helena.post("/o/aurora/board", { intent: "move", leadId: lead.id, toStageId: fourth.id, afterLeadId: "", version: String(lead.version) });
    expect(moved.status).toBe(200);
    expect(await card(b.page, lead.id, first.id).count()).toBe(1);

    await b.context.setOffline(false);
    await card(b.page, lead.id, fourth.id).waitFor();
    await waitLive(b.page);
    expect(await b.page.evaluate(() => (window as unknown as { __sameDocument?: string }).__sameDocument)).toBe("yes");
    await b.context.close();
  });

  it("loads more cards as a column scrolls, with the filters applied", { timeout: 60_000 }, async () => {
    const [first] = await stages();
    const [{ count }] = await db.adminQuery<{ count: number }>(
      `select count(*)::int as count from leads where stage_id = $1 and status <> 'archived'`,
      [first.id],
    );
    expect(count).toBeGreaterThan(30);
    const { page, context } = await openBoard("rep@aurora.test", { name: "scroll" });
    const column = page.getByRole("listitem", { name: first.name });
    const cards = column.locator("[data-lead-id]");
    const firstPage = await cards.count();
    expect(firstPage).toBeLessThan(count);
    await cards.last().scrollIntoViewIfNeeded();
    await expect.poll(() => cards.count(), { timeout: 10_000 }).toBeGreaterThan(firstPage);
    // Keep scrolling until the column holds every one of its leads, each once.
    await expect
      .poll(async () => {
        await cards.last().scrollIntoViewIfNeeded();
        return cards.count();
      }, { timeout: 10_000 })
      .toBe(count);
    const ids = await cards.evaluateAll((elements) => elements.map((element) => element.getAttribute("data-lead-id")));
    expect(new Set(ids).size).toBe(count);

    // A filter narrows the board through the URL; counts follow it.
    const lead = await leadAt(first.id, 0);
    await page.getByRole("searchbox", { name: "Buscar leads" }).first().fill(lead.full_name);
    await page.waitForURL((url) => url.searchParams.get("q") === lead.full_name);
    const shownNames = () => page.locator("[data-lead-id]").evaluateAll((elements) => elements.map((element) => element.textContent ?? ""));
    await expect.poll(async () => (await shownNames()).every((text) => text.includes(lead.full_name)), { timeout: 10_000 }).toBe(true);
    expect(await card(page, lead.id, first.id).count()).toBe(1);
    const [{ matching }] = await db.adminQuery<{ matching: number }>(
      `select count(*)::int as matching from leads l join organizations o on o.id = l.organization_id
       where o.slug = 'aurora' and l.status <> 'archived' and (l.full_name ilike $1 or l.company ilike $1 or l.email ilike $1)`,
      [`%${lead.full_name}%`],
    );
    const shownTotal = () =>
      page.getByTestId("stage-count").evaluateAll((elements) => elements.reduce((sum, element) => sum + Number(element.firstChild?.textContent), 0));
    await expect.poll(shownTotal, { timeout: 10_000 }).toBe(matching);
    await context.close();
  });

  it("a viewer sees the board but no handles and no quick add", { timeout: 60_000 }, async () => {
    const { page, context } = await openBoard("viewer@aurora.test", { name: "viewer" });
    await page.locator("[data-stage-id]").first().waitFor();
    expect(await page.getByRole("button", { name: /^Mover / }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /Adicionar lead/ }).count()).toBe(0);
    await context.close();
  });

  it("a stage renamed in the pipeline settings changes on an open board without a reload", { timeout: 60_000 }, async () => {
    const [, , , , fifth] = await stages();
    const [{ color }] = await db.adminQuery<{ color: string }>(`select color from pipeline_stages where id = $1`, [fifth.id]);
    const b = await openBoard("rep@aurora.test", { name: "stage-b" });
    await waitLive(b.page);
    await b.page.evaluate(() => Object.assign(window, { __sameDocument: "yes" }));

    const helena = new TestClient(server);
    await helena.login("owner@aurora.test");
    const renamed = await helena.post("/o/aurora/settings/pipeline", { intent: "update", stageId: fifth.id, name: "Contrato assinado", color });
    expect(renamed.status).toBeLessThan(400);

    await b.page.getByRole("listitem", { name: "Contrato assinado" }).waitFor();
    expect(await b.page.locator(`[data-stage-id="${fifth.id}"]`).getAttribute("aria-label")).toBe("Contrato assinado");
    expect(await b.page.evaluate(() => (window as unknown as { __sameDocument?: string }).__sameDocument)).toBe("yes");
    await b.context.close();
  });

  it("works on a 375 × 812 phone: columns swipe sideways and a tap opens the lead", { timeout: 60_000 }, async () => {
    const [first, second] = await stages();
    const { page, context } = await openBoard("rep@aurora.test", { name: "phone", width: 375, height: 812, mobile: true });
    const board = page.getByRole("list", { name: "Etapas do funil" });
    const secondColumn = page.getByRole("listitem", { name: second.name });

    const overflow = await board.evaluate((element) => element.scrollWidth - element.clientWidth);
    expect(overflow).toBeGreaterThan(0);
    const firstBox = await page.getByRole("listitem", { name: first.name }).boundingBox();
    expect(firstBox!.width).toBeLessThanOrEqual(375);
    expect((await secondColumn.boundingBox())!.x).toBeGreaterThan(300);

    await board.evaluate((element) => element.scrollBy({ left: element.clientWidth, behavior: "instant" }));
    await expect.poll(async () => (await secondColumn.boundingBox())!.x, { timeout: 10_000 }).toBeLessThan(40);

    // The filters fold into a sheet.
    expect(await page.getByRole("combobox", { name: "Prioridade" }).isVisible()).toBe(false);
    await page.getByRole("button", { name: /^Filtros/ }).tap();
    const sheet = page.getByRole("dialog", { name: "Filtros" });
    await sheet.getByRole("combobox", { name: "Prioridade" }).selectOption("urgent");
    await sheet.getByRole("button", { name: "Ver resultados" }).tap();
    await page.waitForURL((url) => url.searchParams.get("priority") === "urgent");
    await page.getByRole("button", { name: "Filtros (1 ativo)" }).waitFor();
    await page.goto(`${server.url}/o/aurora/board`);
    await board.evaluate((element) => element.scrollBy({ left: element.clientWidth, behavior: "instant" }));

    const lead = await leadAt(second.id, 0);
    const target = card(page, lead.id, second.id);
    const box = (await target.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    await target.tap();
    await page.waitForURL(`${server.url}/o/aurora/leads/${lead.id}`);
    await page.getByRole("heading", { name: lead.full_name }).waitFor();
    await context.close();
  });
});
