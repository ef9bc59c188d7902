import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueJob } from "~/modules/jobs/enqueue-job.server";
import { retentionRunOrganizationJob } from "~/modules/jobs/definitions/retention__run_organization.server";
import { runRetentionPass } from "~/modules/retention/run-retention-pass.server";
import { withOrganization } from "~/utils/db.server";
import { useTestClock } from "../support/clock";
import { useTestDatabase } from "../support/database";
import { startWorkerProcess, type WorkerProcess } from "../support/worker-process";
import { aFile, anOrganization, objectKeys } from "../files/support";
import { runJobs } from "../whatsapp/support";
import { anEntry, anInboxItem, aLead, aPolicy, aStage, daysBefore, runAuditsOf, runsOf } from "./support";

const SHORT = { communications: 30, media: 30, ai: 30, inbox: 7, audit: 30 };

/** A pass killed or failed halfway, picked up again, ends exactly as if it had run once. */
describe("resuming a retention pass", () => {
  const db = useTestDatabase();
  const clock = useTestClock();
  let worker: WorkerProcess | null = null;
  afterAll(async () => {
    await worker?.stop();
  });

  async function anOrganizationWith(expiredEntries: number) {
    const organizationId = await anOrganization(db);
    await aPolicy(db, organizationId, SHORT);
    const leadId = await aLead(db, organizationId, await aStage(db, organizationId));
    const old = daysBefore(clock.now(), 40);
    await db.adminQuery(
      `insert into communications (id, organization_id, lead_id, channel, direction, content, metadata, status, sent_at, created_at, updated_at)
       select gen_random_uuid(), $1, $2, 'note', 'outbound', 'Nota ' || n, '{"kind":"note"}', 'sent', $3::timestamptz + n * interval '1 second', $3, $3
         from generate_series(1, $4) as n`,
      [organizationId, leadId, old, expiredEntries],
    );
    const kept = await anEntry(db, organizationId, leadId, daysBefore(clock.now(), 1));
    return { organizationId, leadId, kept };
  }

  const redactedCount = async (organizationId: string) =>
    Number((await db.adminQuery<{ count: string }>("select count(*) from communications where organization_id = $1 and redacted_at is not null", [organizationId]))[0].count);

  let failing: Awaited<ReturnType<typeof anOrganizationWith>>;
  beforeAll(async () => {
    failing = await anOrganizationWith(30);
  });

  it("resumes a failed run with its own cutoffs and counts each item once", async () => {
    const { organizationId, leadId } = failing;
    const files = [];
    for (let index = 0; index < 6; index += 1) {
      const entryId = await anEntry(db, organizationId, leadId, daysBefore(clock.now(), 1), { kind: "image" });
      const file = await aFile(organizationId, { communicationId: entryId });
      await db.adminQuery("update stored_files set created_at = $2 where id = $1", [file.id, daysBefore(clock.now(), 40)]);
      files.push(file.id);
    }
    for (let index = 0; index < 8; index += 1) await anInboxItem(db, organizationId, daysBefore(clock.now(), 10));

    let batches = 0;
    const failure = runRetentionPass(
      { organizationId, trigger: "manual", requestedBy: null },
      {
        batchSize: 4,
        afterBatch: (step) => {
          if (step === "communications" && (batches += 1) === 3) throw new Error("the worker's host went away");
        },
      },
    );
    await expect(failure).rejects.toThrow("the worker's host went away");
    const [failed] = await runsOf(db, organizationId);
    expect(failed).toMatchObject({ status: "failed", counts: { communications: 12 }, error: "communications: Error", finished_at: null });
    expect(await redactedCount(organizationId)).toBe(12);

    // Days later (a retry, a deploy): the same run, its cutoffs, not the clock's new ones.
    clock.advance(5 * 86_400_000);
    const resumed = await runRetentionPass({ organizationId, trigger: "manual", requestedBy: null }, { batchSize: 4 });
    const runs = await runsOf(db, organizationId);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: failed.id, status: "succeeded", error: null, cutoffs: failed.cutoffs });
    expect(resumed.counts).toEqual({ communications: 30, media: 6, inbox: 8 });
    expect(runs[0].counts).toEqual(resumed.counts);
    expect(await redactedCount(organizationId)).toBe(30);
    expect(await objectKeys(organizationId)).toEqual([]);
    expect(await db.adminQuery("select id from stored_files where id = any($1)", [files])).toEqual([]);
    const audits = await runAuditsOf(db, organizationId);
    expect(audits.map((audit) => audit.changes.after.counts)).toEqual([{ communications: 30, media: 6, inbox: 8 }]);
    clock.setOffset(0);
  });

  it("resumes with the current policy when a period was lengthened since the run failed: nothing the policy now keeps goes", async () => {
    const { organizationId } = await anOrganizationWith(8);
    // 20 days old: past the 7-day inbox period the run starts with, inside the 30 days set afterwards.
    for (let index = 0; index < 3; index += 1) await anInboxItem(db, organizationId, daysBefore(clock.now(), 20));
    const failure = runRetentionPass(
      { organizationId, trigger: "manual", requestedBy: null },
      {
        batchSize: 4,
        afterBatch: (step) => {
          if (step === "communications") throw new Error("S3 is down");
        },
      },
    );
    await expect(failure).rejects.toThrow("S3 is down");
    await db.adminQuery("update retention_policies set inbox_days = 30 where organization_id = $1", [organizationId]);

    await runRetentionPass({ organizationId, trigger: "manual", requestedBy: null }, { batchSize: 4 });
    const [run] = await runsOf(db, organizationId);
    expect(run.status).toBe("succeeded");
    expect(run.counts).toEqual({ communications: 8 });
    const inbox = await db.adminQuery("select id from webhook_inbox where organization_id = $1", [organizationId]);
    expect(inbox).toHaveLength(3);
  });

  it("finishes a pass whose worker was killed mid-way without doing or counting anything twice", async () => {
    const total = 400;
    const { organizationId, kept } = await anOrganizationWith(total);
    const keptBefore = await db.adminQuery("select row_to_json(c)::text as row from communications c where id = $1", [kept]);
    // One entry a batch, so the pass takes long enough to be caught halfway.
    worker = await startWorkerProcess({ NODE_ENV: "test", CLOCK_FILE: clock.file, RETENTION_BATCH_SIZE: "1" });
    await withOrganization(organizationId, (tx) => enqueueJob(tx, retentionRunOrganizationJob, { organizationId, trigger: "schedule" }));

    let counted = 0;
    for (let attempt = 0; attempt < 3000 && counted < 20; attempt += 1) {
      const [run] = await runsOf(db, organizationId);
      counted = run?.counts.communications ?? 0;
      if (counted < 20) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    process.kill(worker.pid, "SIGKILL");
    await worker.stop();
    worker = null;

    const [killed] = await runsOf(db, organizationId);
    expect(killed.status).toBe("running");
    const redactedAtKill = await redactedCount(organizationId);
    expect(redactedAtKill).toBe(killed.counts.communications);
    expect(redactedAtKill).toBeGreaterThanOrEqual(20);
    expect(redactedAtKill).toBeLessThan(total);

    // The dead worker's lock would hold the job for hours; a new worker after a crash takes it over once it expires.
    await db.adminQuery("update graphile_worker._private_jobs set locked_at = null, locked_by = null where key = $1", [`retention__run_organization:${organizationId}`]);
    await runJobs(db);

    const runs = await runsOf(db, organizationId);
    expect(runs.map(({ id, status }) => ({ id, status }))).toEqual([{ id: killed.id, status: "succeeded" }]);
    expect(runs[0].counts).toEqual({ communications: total });
    expect(await redactedCount(organizationId)).toBe(total);
    expect(await db.adminQuery("select row_to_json(c)::text as row from communications c where id = $1", [kept])).toEqual(keptBefore);
    expect((await runAuditsOf(db, organizationId)).map((audit) => audit.changes.after.counts)).toEqual([{ communications: total }]);
  });
});
