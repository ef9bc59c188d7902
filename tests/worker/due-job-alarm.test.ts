import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDueJobAlarm } from "@worker/due-job-alarm";
import { withOrganization } from "~/utils/db.server";
import { aiSummarizeLeadJob } from "~/modules/jobs/definitions/ai__summarize_lead.server";
import { enqueueJob } from "~/modules/jobs/enqueue-job.server";
import { useTestDatabase } from "../support/database";
import { organizationId } from "../board/support";

/**
 * A job enqueued for later is announced with its due time, and the worker's
 * alarm sends graphile-worker's "new job" nudge once that time has come (not
 * before), instead of leaving it to the next poll.
 */
describe("the due-job alarm", () => {
  const db = useTestDatabase();
  const nudges: number[] = [];
  let listener: pg.Client;
  let alarm: Awaited<ReturnType<typeof startDueJobAlarm>>;

  beforeAll(async () => {
    listener = new pg.Client({ connectionString: db.ownerUrl });
    await listener.connect();
    listener.on("notification", (message) => {
      if (message.channel === "jobs:insert") nudges.push(Date.now());
    });
    await listener.query(`listen "jobs:insert"`);
    alarm = await startDueJobAlarm(db.ownerUrl);
  });
  afterAll(async () => {
    await alarm?.stop();
    await listener?.end();
  });

  it("nudges the worker when a job scheduled for later becomes due", async () => {
    const aurora = await organizationId(db, "aurora");
    const [lead] = await db.adminQuery<{ id: string }>("select id from leads where organization_id = $1 limit 1", [aurora]);
    const runAt = new Date(Date.now() + 400);
    await withOrganization(aurora, (tx) => enqueueJob(tx, aiSummarizeLeadJob, { organizationId: aurora, leadId: lead.id, trigger: "auto" }, { runAt }));
    // The insert itself nudges at once (graphile-worker's trigger); the alarm's nudge is the one at or after the due time.
    for (let waited = 0; waited < 5_000 && !nudges.some((at) => at >= runAt.getTime()); waited += 50) await sleep(50);
    expect(nudges.filter((at) => at >= runAt.getTime())).toHaveLength(1);
  });

  it("ignores announcements it cannot read", async () => {
    const before = nudges.length;
    await db.query("select pg_notify('loved_job_due', 'not a date')");
    await sleep(200);
    expect(nudges.length).toBe(before);
  });
});
