import { randomBytes, randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { sealTwilioAuthToken } from "~/modules/twilio/twilio-secrets.server";
import { expectAccessible } from "../support/axe";
import { useBrowser } from "../support/chromium";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";

/**
 * "Ligar" in real Chromium: on the lead page of a 375 px phone (the call
 * shows at once, then its outcome is recorded), and from a board card's menu
 * (opened by mouse or keyboard without starting a drag; the answer is a toast).
 */
describe("calls in a browser", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const chromium = useBrowser();
  let auroraId = "";

  beforeAll(async () => {
    [{ id: auroraId }] = await db.adminQuery<{ id: string }>("select id from organizations where slug = 'aurora'");
    const [existing] = await db.adminQuery("select 1 from twilio_connections where organization_id = $1 and jsonb_array_length(phone_numbers) > 0", [auroraId]);
    if (!existing) {
      await db.adminQuery(
        `insert into twilio_connections (id, organization_id, connection_key, name, account_sid, auth_token, phone_numbers, created_at, updated_at)
         values ($1, $2, $3, 'Twilio de teste', $4, $5, '["+551140000002"]'::jsonb, now(), now())`,
        [randomUUID(), auroraId, randomBytes(32).toString("hex"), `AC${randomBytes(16).toString("hex")}`, sealTwilioAuthToken("twilio-test-token")]
      );
    }
    await db.adminQuery("update users set phone = '+5511912345678' where email = 'rep@aurora.test'");
  });

  async function signIn(email: string, viewport: { width: number; height: number }, mobile: boolean, artifact: string): Promise<Page> {
    const context = await chromium.current.newContext({
      viewport,
      hasTouch: mobile,
      isMobile: mobile,
      locale: "pt-BR",
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    onTestFailed(async () => {
      await page
        .screenshot({
          path: `tests/.artifacts/${artifact}.png`,
          fullPage: true,
        })
        .catch(() => {});
    });
    await page.goto(`${server.url}/login`);
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Senha").fill("aurora-demo-2026");
    await page.getByRole("button", { name: "Entrar" }).click();
    await page.waitForURL(/\/o\/aurora\//);
    return page;
  }

  /** A lead of the first stage, with a phone; the rep's earlier calls ended. */
  async function leadToCall(offset: number) {
    await db.adminQuery(
      "update communications set status = 'completed' where channel = 'phone' and status in ('queued', 'initiated', 'ringing', 'in-progress') and organization_id = $1",
      [auroraId]
    );
    const [lead] = await db.adminQuery<{ id: string; full_name: string }>(
      `select l.id, l.full_name from leads l join pipeline_stages s on s.id = l.stage_id
        where l.organization_id = $1 and l.status = 'active' and l.full_name !~ '[''"&<>]'
        order by s.position, l.position collate "C" offset $2 limit 1`,
      [auroraId, offset]
    );
    await db.adminQuery("update leads set phone = $2 where id = $1", [lead.id, `+55119${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`]);
    return lead;
  }
  const callsOf = (leadId: string) =>
    db.adminQuery<{
      id: string;
      status: string;
      metadata: {
        call: { outcome: string | null; outcomeNote: string | null };
      };
    }>("select id, status, metadata from communications where lead_id = $1 and channel = 'phone' order by sent_at desc", [leadId]);

  it("calls from the lead page on a phone, shows 'chamando…' at once, then records how the ended call went", { timeout: 60_000 }, async () => {
    const lead = await leadToCall(0);
    const page = await signIn("rep@aurora.test", { width: 375, height: 812 }, true, "calls-lead-page");
    await page.goto(`${server.url}/o/aurora/leads/${lead.id}`);
    await page.getByRole("heading", { name: lead.full_name }).waitFor();

    await page.getByRole("button", { name: "Ligar", exact: true }).click();
    await page.getByText("Ligando para o seu telefone… atenda para falar com o lead.").waitFor();
    const [call] = await callsOf(lead.id);
    const entry = page.locator(`[data-call-id="${call.id}"]`);
    await entry.waitFor();
    expect(await entry.getAttribute("data-call-status")).toBe("queued");
    await entry.getByText("chamando…").waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth > 375)).toBe(false);

    await db.adminQuery("update communications set status = 'completed', metadata = jsonb_set(metadata, '{call,durationSeconds}', '192') where id = $1", [
      call.id,
    ]);
    await page.reload();
    await entry.getByText("concluída · 3:12").waitFor();
    await expectAccessible(page, "lead page with an ended call and its outcome form");
    await entry.getByLabel("Resultado").selectOption("voicemail");
    await entry.getByLabel("Anotação (opcional)").fill("Deixei recado");
    await entry.getByRole("button", { name: "Salvar resultado" }).click();
    await entry.getByRole("button", { name: "Alterar resultado" }).waitFor();
    await entry.getByText("Deixei recado").waitFor();
    expect((await callsOf(lead.id))[0].metadata.call).toMatchObject({
      outcome: "voicemail",
      outcomeNote: "Deixei recado",
    });
    expect(await page.evaluate(() => document.documentElement.scrollWidth > 375)).toBe(false);
    await page.context().close();
  });

  it("calls from a board card's menu without starting a drag, answers with a toast, and works by keyboard", { timeout: 60_000 }, async () => {
    const lead = await leadToCall(2);
    const other = await leadToCall(3);
    const page = await signIn("rep@aurora.test", { width: 1440, height: 900 }, false, "calls-board-menu");
    await page.locator(`[data-lead-id="${lead.id}"]`).waitFor();

    const button = page.getByRole("button", { name: `Ações de ${lead.full_name}` });
    const card = page.locator(`[data-lead-id="${lead.id}"]`);
    /** Presses at a point, travels past the drag activation distance, and tells whether a dragged copy follows the pointer. */
    const dragsFrom = async (x: number, y: number) => {
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + 16, y + 24, { steps: 6 });
      const dragging = (await page.locator(".cursor-grabbing").count()) > 0;
      if (dragging) await page.keyboard.press("Escape");
      await page.mouse.up();
      // The cancelled copy animates back to its place: gone before the next press is judged.
      await page.locator(".cursor-grabbing").waitFor({ state: "detached" });
      return dragging;
    };
    await card.hover();
    const cardBox = (await card.boundingBox())!;
    // The card's body drags (so the check means something); its menu button does not.
    expect(await dragsFrom(cardBox.x + 20, cardBox.y + cardBox.height - 10)).toBe(true);
    await card.hover();
    const buttonBox = (await button.boundingBox())!;
    const at = { x: buttonBox.x + buttonBox.width / 2, y: buttonBox.y + buttonBox.height / 2 };
    expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.getAttribute("aria-label"), at)).toBe(`Ações de ${lead.full_name}`);
    expect(await dragsFrom(at.x, at.y)).toBe(false);
    if (await page.getByRole("menu").count()) await page.keyboard.press("Escape");
    expect(await page.getByRole("menu").count()).toBe(0);
    await button.click();
    const menu = page.getByRole("menu");
    await menu.waitFor();
    expect(await page.getByRole("menu").count()).toBe(1);
    expect(await button.getAttribute("aria-expanded")).toBe("true");
    await expectAccessible(page, "board with a card's menu open");
    await menu.getByRole("menuitem", { name: "Ligar" }).click();
    await page.getByText("Ligando para o seu telefone… atenda para falar com o lead.").waitFor();
    expect(await page.getByRole("menu").count()).toBe(0);
    expect(await callsOf(lead.id)).toHaveLength(1);

    // By keyboard: Enter opens it on its first item, arrows move, Escape closes it back onto the button.
    const otherButton = page.getByRole("button", {
      name: `Ações de ${other.full_name}`,
    });
    await otherButton.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("menu").waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Ligar");
    await page.keyboard.press("ArrowDown");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Abrir");
    await page.keyboard.press("Escape");
    expect(await page.getByRole("menu").count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe(`Ações de ${other.full_name}`);

    // A second call while the first is going: the server's refusal, as a toast; nothing written.
    await page.keyboard.press("Enter");
    await page.getByRole("menuitem", { name: "Ligar" }).press("Enter");
    await page.getByText("Você já está em uma ligação. Encerre-a antes de começar outra.").waitFor();
    expect(await callsOf(other.id)).toEqual([]);
    await page.context().close();
  });
});
