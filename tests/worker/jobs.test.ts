import { randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Logger, quickAddJob, runOnce } from "graphile-worker";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { taskList } from "@worker/task-list";
import { inviteSendEmail } from "@worker/tasks/invite__send_email";
import { withOrganization } from "~/utils/db.server";
import { defineJob } from "~/modules/jobs/define-job.server";
import { inviteSendEmailJob } from "~/modules/jobs/definitions/invite__send_email.server";
import { enqueueJob } from "~/modules/jobs/enqueue-job.server";
import { createInvite } from "~/modules/invites/create-invite.server";
import { revokeInvite } from "~/modules/invites/revoke-invite.server";
import { useTestDatabase } from "../support/database";

const quietLogger = new Logger(() => () => {});

interface JobRow {
  id: string;
  task_identifier: string;
  key: string | null;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
}

describe("background jobs", () => {
  const db = useTestDatabase();
  let auroraId = "";
  let borealId = "";
  let ownerId = "";

  const meta = { ipAddress: "203.0.113.7", userAgent: "jobs-test" };
  const actor = () => ({ organizationId: auroraId, userId: ownerId, role: "owner" as const, meta });

  const jobs = (where = "true", params: unknown[] = []) =>
    db.adminQuery<JobRow>(
      `select id::text, task_identifier, key, attempts, max_attempts, last_error from graphile_worker.jobs where ${where} order by id`,
      params,
    );

  const outbox = async () => {
    const dir = path.join(db.dataDir, "outbox");
    const files = await readdir(dir).catch(() => [] as string[]);
    return files.filter((file) => file.endsWith(".eml")).sort();
  };

  const work = () => runOnce({ connectionString: db.ownerUrl, taskList, logger: quietLogger, noHandleSignals: true });

  beforeAll(async () => {
    const orgs = await db.adminQuery<{ id: string; slug: string }>("select id, slug from organizations");
    auroraId = orgs.find((o) => o.slug === "aurora")!.id;
    borealId = orgs.find((o) => o.slug === "boreal")!.id;
    const [owner] = await db.adminQuery<{ id: string }>("select id from users where email = 'owner@aurora.test'");
    ownerId = owner.id;
  });

  /** A job of its own per test, so counts never depend on other tests. */
  const probeJob = (options: { maxAttempts?: number; keyed?: boolean } = {}) =>
    defineJob({
      name: `test__probe_${randomUUID().slice(0, 8)}`,
      payload: z.object({ organizationId: z.uuid(), n: z.number().int() }),
      maxAttempts: options.maxAttempts,
      jobKey: options.keyed ? (payload) => payload.organizationId : undefined,
    });

  const storedPayload = async (jobId: string) => {
    const [row] = await db.adminQuery<{ payload: unknown }>("select payload from graphile_worker._private_jobs where id = $1", [jobId]);
    return row.payload;
  };

  describe("enqueueJob", () => {
    it("leaves no job when the surrounding transaction rolls back", async () => {
      const job = probeJob();
      await expect(
        withOrganization(auroraId, async (tx) => {
          await enqueueJob(tx, job, { organizationId: auroraId, n: 1 });
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await jobs("task_identifier = $1", [job.name])).toHaveLength(0);
    });

    it("leaves exactly one job when the transaction commits, with the definition's attempts", async () => {
      const job = probeJob({ maxAttempts: 3 });
      await withOrganization(auroraId, async (tx) => {
        await enqueueJob(tx, job, { organizationId: auroraId, n: 1 });
      });
      const rows = await jobs("task_identifier = $1", [job.name]);
      expect(rows).toHaveLength(1);
      expect(rows[0].max_attempts).toBe(3);
      expect(rows[0].attempts).toBe(0);
      expect(await storedPayload(rows[0].id)).toEqual({ organizationId: auroraId, n: 1 });
    });

    it("replaces a pending job with the same key instead of adding another", async () => {
      const job = probeJob({ keyed: true });
      for (const n of [1, 2]) {
        await withOrganization(auroraId, (tx) => enqueueJob(tx, job, { organizationId: auroraId, n }));
      }
      const rows = await jobs("task_identifier = $1", [job.name]);
      expect(rows).toHaveLength(1);
      expect(rows[0].key).toBe(`${job.name}:${auroraId}`);
      expect(await storedPayload(rows[0].id)).toEqual({ organizationId: auroraId, n: 2 });
    });

    it("refuses a payload the definition does not accept, and the transaction with it", async () => {
      const job = probeJob();
      await expect(
        withOrganization(auroraId, (tx) =>
          // @ts-expect-error n is a number
          enqueueJob(tx, job, { organizationId: auroraId, n: "two" }),
        ),
      ).rejects.toThrow(z.ZodError);
      expect(await jobs("task_identifier = $1", [job.name])).toHaveLength(0);
    });
  });

  describe("invite__send_email", () => {
    it("sends the invitation: queues ids only, reads the invite with its organization set and writes one e-mail", async () => {
      const before = await outbox();
      const invite = await createInvite(actor(), { email: "worker-ok@agencia.test", role: "member" });
      const pending = await jobs("key = $1", [`invite__send_email:${invite.id}`]);
      expect(pending).toHaveLength(1);
      expect(pending[0].task_identifier).toBe("invite__send_email");
      expect(pending[0].max_attempts).toBe(inviteSendEmailJob.maxAttempts);
      // Ids only: the address and names are read when the job runs.
      expect(await storedPayload(pending[0].id)).toEqual({ organizationId: auroraId, inviteId: invite.id });

      await work();

      expect(await jobs("key = $1", [`invite__send_email:${invite.id}`])).toHaveLength(0);
      const sent = (await outbox()).filter((file) => !before.includes(file));
      expect(sent).toHaveLength(1);
      const eml = await readFile(path.join(db.dataDir, "outbox", sent[0]), "utf8");
      expect(eml).toMatch(/^To: worker-ok@agencia\.test$/m);
    });

    it("ends a queued job whose payload no longer fits the definition with a permanent-failure log, sending nothing", async () => {
      expect(taskList.invite__send_email).toBe(inviteSendEmail);
      const before = await outbox();
      const logs: { level: string; message: string }[] = [];
      const logger = new Logger(() => (level, message) => logs.push({ level, message }));
      // A payload as an older release might have queued it, with the address in it.
      const jobKey = `legacy-${randomUUID()}`;
      const legacy = await quickAddJob({ connectionString: db.ownerUrl }, inviteSendEmailJob.name, { email: "legacy@agencia.test", inviteId: 42 }, { jobKey });
      await runOnce({ connectionString: db.ownerUrl, taskList, logger, noHandleSignals: true });

      expect(await jobs("key = $1", [jobKey])).toHaveLength(0);
      const failures = logs.filter((log) => log.level === "error");
      expect(failures).toEqual([
        { level: "error", message: expect.stringMatching(new RegExp(`^job ${legacy.id} \\(invite__send_email\\) failed permanently: .*(organizationId|inviteId)`)) },
      ]);
      expect(failures[0].message).not.toContain("legacy@agencia.test");
      expect(await outbox()).toEqual(before);
    });

    it("skips a revoked invitation: the job completes and no e-mail is written", async () => {
      const before = await outbox();
      const invite = await createInvite(actor(), { email: "worker-revoked@agencia.test", role: "viewer" });
      expect(await revokeInvite(actor(), { inviteId: invite.id })).toMatchObject({ id: invite.id, status: "revoked" });
      expect(await jobs("key = $1", [`invite__send_email:${invite.id}`])).toHaveLength(1);

      await work();

      expect(await jobs("key = $1", [`invite__send_email:${invite.id}`])).toHaveLength(0);
      expect(await outbox()).toEqual(before);
    });

    it("skips an accepted invitation", async () => {
      const before = await outbox();
      const invite = await createInvite(actor(), { email: "worker-accepted@agencia.test", role: "viewer" });
      await db.adminQuery("update organization_invites set status = 'accepted', accepted_at = now() where id = $1", [invite.id]);

      await work();

      expect(await jobs("key = $1", [`invite__send_email:${invite.id}`])).toHaveLength(0);
      expect(await outbox()).toEqual(before);
    });

    it("skips an expired invitation", async () => {
      const before = await outbox();
      const invite = await createInvite(actor(), { email: "worker-expired@agencia.test", role: "viewer" });
      await db.adminQuery("update organization_invites set expires_at = now() - interval '1 minute' where id = $1", [invite.id]);

      await work();

      expect(await jobs("key = $1", [`invite__send_email:${invite.id}`])).toHaveLength(0);
      expect(await outbox()).toEqual(before);
    });

    it("only sees the invitation under its own organization (row-level security binds the task)", async () => {
      const before = await outbox();
      const invite = await createInvite(actor(), { email: "worker-rls@agencia.test", role: "member" });
      // Run the real job first with a mismatched organization: the invite is invisible, nothing is sent.
      await db.adminQuery(
        "update graphile_worker._private_jobs set payload = jsonb_set(payload::jsonb, '{organizationId}', to_jsonb($1::text))::json where key = $2",
        [borealId, `invite__send_email:${invite.id}`],
      );
      await work();
      expect(await outbox()).toEqual(before);
      const [row] = await db.adminQuery<{ status: string }>("select status from organization_invites where id = $1", [invite.id]);
      expect(row.status).toBe("pending");

      // With the right organization the same invite is found and e-mailed.
      await withOrganization(auroraId, (tx) => enqueueJob(tx, inviteSendEmailJob, { organizationId: auroraId, inviteId: invite.id }));
      await work();
      expect((await outbox()).filter((file) => !before.includes(file))).toHaveLength(1);
    });
  });
});
