import { WhatsAppConnection } from "@db/entities/whatsapp-connection";
import { withOrganization } from "~/utils/db.server";
import { enqueueJob } from "~/modules/jobs/enqueue-job.server";
import { whatsappSyncTemplatesJob } from "~/modules/jobs/definitions/whatsapp__sync_templates.server";
import type { AuditActor } from "~/modules/audit/record-audit.server";

/** Queues a template sync and marks the connection as syncing; null when the connection is not the organization's. */
export async function requestTemplateSync(actor: AuditActor, input: { connectionId: string }) {
  return withOrganization(actor.organizationId, async (db) => {
    const connection = await db.findOne(WhatsAppConnection, { id: input.connectionId, organization: actor.organizationId });
    if (!connection) return null;
    connection.templatesSyncRequestedAt = new Date();
    await enqueueJob(db, whatsappSyncTemplatesJob, { organizationId: actor.organizationId, connectionId: connection.id });
    return { name: connection.name };
  });
}
