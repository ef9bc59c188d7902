import { randomUUID } from "node:crypto";
import { LockMode } from "@mikro-orm/core";
import { AuditLog } from "@db/entities/audit-log";
import { RetentionRun } from "@db/entities/retention-run";
import { deleteObjects } from "~/modules/files/delete-objects.server";
import { forgetFiles } from "~/modules/files/forget-files.server";
import { now } from "~/utils/clock.server";
import { withOrganization, type Db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { addRetentionCounts } from "./add-retention-counts.server";
import { clearExpiredLeadSentiments } from "./clear-expired-lead-sentiments.server";
import { clearExpiredTranscripts, FIRST_TRANSCRIPT, type TranscriptCursor } from "./clear-expired-transcripts.server";
import { deleteExpiredAuditEntries } from "./delete-expired-audit-entries.server";
import { deleteExpiredInboxItems } from "./delete-expired-inbox-items.server";
import { deleteExpiredSummaries } from "./delete-expired-summaries.server";
import { findExpiredMedia } from "./find-expired-media.server";
import { redactExpiredCommunications } from "./redact-expired-communications.server";
import { startRetentionRun, type RetentionRunStart } from "./start-retention-run.server";

export interface RetentionPassOptions {
  batchSize?: number;
  /** Called after each committed batch (the benchmark's progress, the tests' failure injection). */
  afterBatch?: (step: string, count: number) => Promise<void> | void;
}

/**
 * One organization's retention pass: every kind past its period redacted or
 * deleted, in batches that each commit with their count on the run row, so a
 * pass killed or failed halfway and started again resumes the same run with
 * the same cutoffs and never counts an item twice. Files go from S3 before
 * their rows. Ends with one audit entry of the counts; a failure marks the run
 * failed with a short reason and is rethrown so the job is retried.
 */
export async function runRetentionPass(start: RetentionRunStart, options: RetentionPassOptions = {}) {
  const { organizationId } = start;
  const limit = options.batchSize ?? getEnv().RETENTION_BATCH_SIZE;
  const run = await startRetentionRun(start);
  const { cutoffs } = run;
  let step = "start";

  /** One batch in its own short transaction, its count committed with it; true while a full batch suggests more. */
  const batch = async (name: string, counter: string | null, work: (db: Db) => Promise<number>) => {
    step = name;
    const count = await withOrganization(organizationId, async (db) => {
      const done = await work(db);
      if (counter) await addRetentionCounts(db, organizationId, run.id, counter, done);
      return done;
    });
    await options.afterBatch?.(name, count);
    return count === limit;
  };

  try {
    while (await batch("communications", "communications", (db) => redactExpiredCommunications(db, organizationId, cutoffs.communications, limit, now())));

    for (let more = true; more; ) {
      step = "media";
      const files = await withOrganization(organizationId, (db) => findExpiredMedia(db, organizationId, cutoffs.media, limit));
      await deleteObjects(files.map((file) => file.storage_key));
      await batch("media", "media", (db) => forgetFiles(db, organizationId, files.map((file) => file.id)));
      more = files.length === limit;
    }

    for (let cursor: TranscriptCursor | null = FIRST_TRANSCRIPT; cursor; ) {
      const after: TranscriptCursor = cursor;
      await batch("transcripts", "transcripts", async (db) => {
        const cleared = await clearExpiredTranscripts(db, organizationId, cutoffs.ai, limit, after, now());
        cursor = cleared.next;
        return cleared.count;
      });
    }
    while (await batch("ai", "ai", (db) => deleteExpiredSummaries(db, organizationId, cutoffs.ai, limit)));
    while (await batch("sentiments", null, (db) => clearExpiredLeadSentiments(db, organizationId, cutoffs.ai, limit)));
    while (await batch("inbox", "inbox", (db) => deleteExpiredInboxItems(db, organizationId, cutoffs.inbox, limit)));
    while (await batch("audit", "audit", (db) => deleteExpiredAuditEntries(db, organizationId, cutoffs.audit, limit)));

    step = "finish";
    return await withOrganization(organizationId, async (db) => {
      // Locked: a second pass resuming the same run (the nightly fan-out while an owner's run works) finishes it once.
      const row = await db.findOneOrFail(RetentionRun, { id: run.id, organization: organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (row.finishedAt) return { runId: run.id, counts: row.counts };
      const finishedAt = now();
      row.status = "succeeded";
      row.finishedAt = finishedAt;
      db.create(AuditLog, {
        id: randomUUID(),
        organization: organizationId,
        // The run's own trigger: a scheduled job may have resumed an owner's run, or the other way round.
        actor: row.trigger === "manual" ? (row.requestedBy ?? null) : null,
        action: "privacy.retention_run",
        resourceType: "retention_run",
        resourceId: run.id,
        changes: { after: { trigger: row.trigger, counts: row.counts, cutoffs: row.cutoffs } },
        ipAddress: null,
        userAgent: null,
        createdAt: finishedAt,
      });
      return { runId: run.id, counts: row.counts };
    });
  } catch (error) {
    await markFailed(organizationId, run.id, step, error);
    throw error;
  }
}

/** Says which step failed and what kind of failure, never the message (a database error may quote a row). */
async function markFailed(organizationId: string, runId: string, step: string, error: unknown) {
  const code = error && typeof error === "object" && "code" in error && typeof error.code === "string" ? error.code : null;
  const kind = error instanceof Error ? error.name : "Error";
  await withOrganization(organizationId, (db) =>
    db.nativeUpdate(RetentionRun, { id: runId, organization: organizationId, finishedAt: null }, { status: "failed", error: `${step}: ${kind}${code ? ` ${code}` : ""}`.slice(0, 200) }),
  );
}
