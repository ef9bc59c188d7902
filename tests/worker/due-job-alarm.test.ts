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
 * A job enqueued for later is announced with how far away it is, and the
 * worker's alarm sends graphile-worker's "new job" nudge once that time has
 * come (not before, and once more shortly after), instead of leaving it to
 * the next poll. A connection the server drops is reopened.
 */
describe("the due-job alarm", () => {
  const db = useTestDatabase();
  /** When each of the alarm's nudges arrived (graphile-worker's own, for an insert, carry a JSON payload). */
  const alarmNudges: number[] = [];
  let listener: pg.Client;
  let alarm: Awaited<ReturnType<typeof startDueJobAlarm>>;
  let aurora = "";
  let leadId = "";

  beforeAll(async () => {
    aurora = await organizationId(db, "aurora");
    [{ id: leadId }] = await db.adminQuery<{ id: string }>("select id from leads where organization_id = $1 limit 1", [aurora]);
    // The ORM's first connection is slow; a job whose time passes before it commits is not announced at all.
    await withOrganization(aurora, async () => {});
    listener = new pg.Client({ connectionString: db.ownerUrl });
    await listener.connect();
    listener.on("notification", (message) => {
      if (message.channel === "jobs:insert" && message.payload === "") alarmNudges.push(Date.now());
    });
    await listener.query(`listen "jobs:insert"`);
    alarm = await startDueJobAlarm(db.ownerUrl);
  });
  afterAll(async () => {
    await alarm?.stop();
    await listener?.end();
  });

  /** Enqueues a summary job due in `ms`, waits for the alarm's two nudges, and returns when it was due and when they came. */
  async function nudgesForAJobDueIn(ms: number) {
    const before = alarmNudges.length;
    const runAt = new Date(Date.now() + ms);
    await withOrganization(aurora, (tx) => enqueueJob(tx, aiSummarizeLeadJob, { organizationId: aurora, leadId, trigger: "auto" }, { runAt }));
    for (let waited = 0; waited < 10_000 && alarmNudges.length - before < 2; waited += 50) await sleep(50);
    return { runAt: runAt.getTime(), nudges: alarmNudges.slice(before) };
  }

  it("nudges the worker when a job scheduled for later becomes due, and once more after", async () => {
    const { runAt, nudges } = await nudgesForAJobDueIn(1_000);
    expect(nudges).toHaveLength(2);
    for (const at of nudges) expect(at).toBeGreaterThanOrEqual(runAt);
  });

  it("ignores announcements it cannot read", async () => {
    const before = alarmNudges.length;
    await db.query("select pg_notify('loved_job_due', 'not a delay'), pg_notify('loved_job_due', ''), pg_notify('loved_job_due', '-5')");
    await sleep(400);
    expect(alarmNudges.length).toBe(before);
  });

  it("reconnects after the server ends its connection, and still nudges", async () => {
    const alarmBackends = () =>
      db.adminQuery<{ pid: number; listening: boolean }>(
        `select pid, state = 'idle' and query ilike 'listen%' as listening from pg_stat_activity
          where application_name = 'loved-worker-alarm' and datname = current_database()`,
      );
    const [old] = await alarmBackends();
    expect(old).toBeDefined();
    await db.adminQuery("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'loved-worker-alarm' and datname = current_database()");
    const listeningAgain = async () => (await alarmBackends()).some((backend) => backend.pid !== old.pid && backend.listening);
    for (let waited = 0; waited < 10_000 && !(await listeningAgain()); waited += 100) await sleep(100);
    expect(await listeningAgain()).toBe(true);

    const { runAt, nudges } = await nudgesForAJobDueIn(1_000);
    expect(nudges).toHaveLength(2);
    for (const at of nudges) expect(at).toBeGreaterThanOrEqual(runAt);
  });
});
