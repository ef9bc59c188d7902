import { randomUUID } from "node:crypto";
import { run, Logger, type Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { taskList } from "@worker/task-list";
import { useBrowser } from "../support/chromium";
import { notReloaded, openLeadPage } from "./lead-page";
import { useTestDatabase } from "../support/database";
import { useTestServer } from "../support/server";
import { organizationId, stagesOf, userByEmail } from "../board/support";
import { aMobile, createTwilioConnection, type TestTwilioConnection, useTwilioStandIn } from "../twilio/support";

/**
 * Click-to-call in real Chromium: the rep clicks "Ligar", the Twilio
 * stand-in rings the rep, dials the lead and plays every callback back
 * through the app; the call completes on a teammate's open lead page without
 * a reload, and its recording plays there.
 */
describe("a call live on the lead page", () => {
  const db = useTestDatabase();
  const server = useTestServer();
  const chromium = useBrowser();
  let worker: Runner | undefined;
  let connection: TestTwilioConnection;

  beforeAll(async () => {
    const auroraId = await organizationId(db, "aurora");
    connection = await createTwilioConnection(db, auroraId, { only: true });
    await db.adminQuery("update users set phone = $2 where id = $1", [(await userByEmail(db, "rep@aurora.test")).id, aMobile()]);
  });
  const twilio = useTwilioStandIn(server, {
    accounts: async () => [{ accountSid: connection.accountSid, authToken: connection.authToken, numbers: [connection.number] }],
    ringMs: 300,
    talkMs: 2500,
    promptMs: 50,
  });
  beforeAll(async () => {
    worker = await run({ connectionString: db.ownerUrl, taskList, concurrency: 2, logger: new Logger(() => () => {}), noHandleSignals: true });
  });
  afterAll(async () => {
    await worker?.stop();
  });


  it("completes a click-to-call on a teammate's open page and plays its recording", { timeout: 120_000 }, async () => {
    const auroraId = await organizationId(db, "aurora");
    const leadId = randomUUID();
    const phone = aMobile();
    await db.adminQuery(
      `insert into leads (id, organization_id, full_name, phone, stage_id, position, assignee_id, created_at, updated_at)
       values ($1, $2, 'Beatriz Ligação', $3, $4, 'zz' || md5(random()::text), $5, now(), now())`,
      [leadId, auroraId, phone, (await stagesOf(db, auroraId))[0].id, (await userByEmail(db, "rep@aurora.test")).id],
    );
    const rep = await openLeadPage(chromium.current, server, { email: "rep@aurora.test", leadId: leadId, name: "calls-live-rep", timeoutMs: 20_000 });
    const manager = await openLeadPage(chromium.current, server, { email: "manager@aurora.test", leadId: leadId, name: "calls-live-manager", timeoutMs: 20_000 });

    await rep.getByRole("button", { name: "Ligar" }).first().click();
    for (const page of [rep, manager]) await page.locator('[data-call-id][data-call-status="completed"]').waitFor();
    const audio = manager.locator('[data-call-id] [data-recording-state="stored"] audio, [data-call-id] audio[data-recording-state="stored"]').first();
    await audio.waitFor({ state: "attached" });
    expect(await audio.getAttribute("src")).toMatch(/^\/o\/aurora\/files\/[0-9a-f-]{36}$/);
    // Muted, a page may play without a click: the browser fetched, decoded and is playing the stored recording.
    const played = await audio.evaluate(async (element) => {
      const media = element as HTMLAudioElement;
      media.muted = true;
      await media.play();
      await new Promise((resolve) => setTimeout(resolve, 600));
      return { time: media.currentTime, duration: media.duration };
    });
    expect(played.time).toBeGreaterThan(0);
    expect(played.duration).toBeGreaterThan(2);
    expect(await notReloaded(rep)).toBe(true);
    expect(await notReloaded(manager)).toBe(true);
    expect([...twilio.current.calls.values()].filter((call) => call.to === phone)).toHaveLength(1);
    await rep.context().close();
    await manager.context().close();
  });
});
