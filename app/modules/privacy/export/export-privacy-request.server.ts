import { LockMode } from "@mikro-orm/core";
import { PrivacyRequest } from "@db/entities/privacy-request";
import { DAY_MS } from "~/lib/duration";
import { now } from "~/utils/clock.server";
import { withOrganization } from "~/utils/db.server";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { storeFile } from "~/modules/files/store-file.server";
import { recordEvent } from "~/modules/realtime/record-event.server";
import { buildExportArchive } from "./build-export-archive.server";
import { exportActorOf } from "./export-actor.server";
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
      leadIds: request.leadIds,
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

async function progress(organizationId: string, requestId: string, percent: number) {
  await withOrganization(organizationId, async (db) => {
    await db.nativeUpdate(PrivacyRequest, { id: requestId, organization: organizationId, status: "processing" }, { progress: percent });
    await recordEvent(db, organizationId, { type: "privacy_request.updated", data: { requestId, status: "processing", progress: percent }, actor: null });
  });
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
  const upload = storeFile({
    organizationId,
    kind: "export",
    contentType: "application/zip",
    originalName: `titular-${now().toISOString().slice(0, 10)}.zip`,
    body: zip.output,
    maxBytes: EXPORT_MAX_BYTES,
  });
  // An upload that gives up stops the writing, which would otherwise wait for it forever.
  upload.catch((error: unknown) => zip.fail(error instanceof Error ? error : new Error(String(error))));
  let built: { fileCount: number };
  try {
    built = await buildExportArchive(zip, { organizationId, request: started.summary, leads }, data, (done) =>
      progress(organizationId, requestId, Math.floor((GATHERED_PROGRESS * done) / Math.max(leads.length, 1))),
    );
  } catch (error) {
    zip.fail(error instanceof Error ? error : new Error(String(error)));
    await upload.catch(() => {});
    throw error;
  }
  const stored = await upload;

  await withOrganization(organizationId, async (db) => {
    const request = await db.findOneOrFail(PrivacyRequest, { id: requestId, organization: organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const at = now();
    db.assign(request, { status: "done", progress: 100, exportFile: stored.id, exportExpiresAt: new Date(at.getTime() + EXPORT_TTL_MS), completedAt: at, error: null });
    recordAudit(db, exportActorOf(request), {
      action: "privacy.export_ready",
      resourceType: "privacy_request",
      resourceId: request.id,
      changes: { after: { leads: leads.length, files: built.fileCount, bytes: stored.sizeBytes, fileId: stored.id } },
    });
    await recordEvent(db, organizationId, { type: "privacy_request.updated", data: { requestId, status: "done", progress: 100 }, actor: null });
  });
}
