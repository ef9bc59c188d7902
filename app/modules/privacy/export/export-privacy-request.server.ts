import { LockMode } from "@mikro-orm/core";
import { PrivacyRequest } from "@db/entities/privacy-request";
import { DAY_MS } from "~/lib/duration";
import { now } from "~/utils/clock.server";
import { StoredFile } from "@db/entities/stored-file";
import { withOrganization, type Db } from "~/utils/db.server";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { storeFile } from "~/modules/files/store-file.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { buildExportArchive } from "./build-export-archive.server";
import { exportActorOf } from "./export-actor.server";
import { ExportErased } from "./export-erased.server";
import { failPrivacyExport } from "./fail-privacy-export.server";
import { gatherExportData } from "./gather-export-data.server";
import { createZipStream } from "./zip-stream.server";

/** How long an admin may download the archive before the purge task deletes it. */
export const EXPORT_TTL_MS = 7 * DAY_MS;
/** A stop for a runaway archive; a person's data, recordings included, stays far below it. */
const EXPORT_MAX_BYTES = 20 * 1024 ** 3;
/** Reading the data is most of the work; the rest is the upload's last part and the bookkeeping. */
const GATHERED_PROGRESS = 95;

/** Marks the request processing (again, after a failed attempt); null when there is nothing to do. */
async function start(organizationId: string, requestId: string) {
  return withOrganization(organizationId, async (db) => {
    const request = await db.findOne(PrivacyRequest, { id: requestId, organization: organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    // A retried job whose archive is done, or a request that is not an access request: nothing to build.
    if (!request || request.kind !== "access" || request.status === "done") return null;
    db.assign(request, { status: "processing", progress: 0, error: null });
    recordAudit(db, exportActorOf(request), {
      action: "privacy.export_started",
      resourceType: "privacy_request",
      resourceId: request.id,
      changes: { after: { leads: request.leadIds.length } },
    });
    await recordEvent(db, organizationId, { type: "privacy_request.updated", data: { requestId, status: "processing", progress: 0 }, actor: null });
    return {
      startedAt: now(),
      leadIds: request.leadIds,
      subject: { phoneKey: request.subjectPhoneKey ?? null, email: request.subjectEmail ?? null },
      summary: {
        kind: request.kind,
        receivedAt: request.receivedAt.toISOString(),
        dueAt: request.dueAt.toISOString(),
        requesterContact: request.requesterContact,
        subject: { phone: request.subjectPhoneKey ?? null, email: request.subjectEmail ?? null },
        leadCount: request.leadIds.length,
      },
    };
  });
}

type Started = NonNullable<Awaited<ReturnType<typeof start>>>;

async function progress(organizationId: string, requestId: string, percent: number) {
  await withOrganization(organizationId, async (db) => {
    await db.nativeUpdate(PrivacyRequest, { id: requestId, organization: organizationId, status: "processing" }, { progress: percent });
    await recordEvent(db, organizationId, { type: "privacy_request.updated", data: { requestId, status: "processing", progress: percent }, actor: null });
  });
}

/**
 * Marks the request done with its archive, inside the archive row's
 * transaction, unless a deletion of the same person (by a shared lead, phone
 * or e-mail) is running or finished since this export started: then
 * `ExportErased`, and the archive is never published.
 */
async function publish(
  db: Db,
  input: { organizationId: string; requestId: string; fileId: string; started: Started; leads: number; fileCount: Promise<number> },
) {
  const { organizationId, requestId, fileId, started } = input;
  const request = await db.findOneOrFail(PrivacyRequest, { id: requestId, organization: organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const deletions = await db.execute<{ id: string }[]>(
    `select id from privacy_requests
      where organization_id = ? and kind = 'deletion' and (status = 'processing' or (status = 'done' and completed_at >= ?))
        and (lead_ids && array[?]::text[] or (?::text is not null and subject_phone_key = ?) or (?::text is not null and subject_email = ?))
      limit 1`,
    [organizationId, started.startedAt, [...started.leadIds, ""], started.subject.phoneKey, started.subject.phoneKey, started.subject.email, started.subject.email],
  );
  if (deletions.length) throw new ExportErased();
  const at = now();
  const stored = await db.findOneOrFail(StoredFile, { id: fileId }, { fields: ["sizeBytes"] });
  db.assign(request, { status: "done", progress: 100, exportFile: fileId, exportExpiresAt: new Date(at.getTime() + EXPORT_TTL_MS), completedAt: at, error: null });
  recordAudit(db, exportActorOf(request), {
    action: "privacy.export_ready",
    resourceType: "privacy_request",
    resourceId: request.id,
    changes: { after: { leads: input.leads, files: await input.fileCount, bytes: stored.sizeBytes, fileId } },
  });
  await recordEvent(db, organizationId, { type: "privacy_request.updated", data: { requestId, status: "done", progress: 100 }, actor: null });
}

/**
 * Answers an access request (LGPD art. 18, II): one zip of the person's
 * leads, timelines, summaries, history and files, streamed into S3 as it is
 * written (never whole in memory), then offered on the privacy page for 7
 * days. Progress and each step reach the page live and the audit log.
 */
export async function exportPrivacyRequest({ organizationId, requestId }: { organizationId: string; requestId: string }) {
  const started = await start(organizationId, requestId);
  if (!started) return;
  const data = gatherExportData(organizationId);
  const leads = await data.leads(started.leadIds);
  const zip = createZipStream();
  // The archive's file count, known once it is written: the upload (and its row) can only finish after that.
  let written: (fileCount: number) => void = () => {};
  const fileCount = new Promise<number>((resolve) => (written = resolve));
  const upload = storeFile({
    organizationId,
    kind: "export",
    contentType: "application/zip",
    originalName: `titular-${now().toISOString().slice(0, 10)}.zip`,
    body: zip.output,
    maxBytes: EXPORT_MAX_BYTES,
    // The request points at its archive in the row's own transaction: no archive exists that no request references.
    afterInsert: (db, fileId) => publish(db, { organizationId, requestId, fileId, started, leads: leads.length, fileCount }),
  });
  // An upload that gives up stops the writing, which would otherwise wait for it forever.
  upload.catch((error: unknown) => zip.fail(error instanceof Error ? error : new Error(String(error))));
  try {
    const built = await buildExportArchive(zip, { organizationId, request: started.summary, leads }, data, (done) =>
      progress(organizationId, requestId, Math.floor((GATHERED_PROGRESS * done) / Math.max(leads.length, 1))),
    );
    written(built.fileCount);
  } catch (error) {
    zip.fail(error instanceof Error ? error : new Error(String(error)));
    await upload.catch(() => {});
    throw error;
  }
  try {
    await upload;
  } catch (error) {
    // Discarded for a deletion: failed for good (its object is already gone), not thrown for a retry.
    if (!(error instanceof ExportErased)) throw error;
    await failPrivacyExport({ organizationId, requestId }, error);
  }
}
