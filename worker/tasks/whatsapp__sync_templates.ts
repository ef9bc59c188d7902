import { whatsappSyncTemplatesJob } from "~/modules/jobs/definitions/whatsapp__sync_templates.server";
import { syncWhatsAppTemplates } from "~/modules/whatsapp/sync-whatsapp-templates.server";
import { defineTask } from "../define-task";

/** Reads a connection's templates from Meta; a disconnected connection is nothing to do. */
export const whatsappSyncTemplates = defineTask(whatsappSyncTemplatesJob, async (payload, helpers) => {
  const result = await syncWhatsAppTemplates(payload, { lastAttempt: helpers.job.attempts >= helpers.job.max_attempts });
  const what = `templates of connection ${payload.connectionId}`;
  if (result.outcome === "synced") helpers.logger.info(`${what}: ${result.count} synced`);
  else if (result.outcome === "gone") helpers.logger.info(`${what}: connection is gone; nothing synced`);
  else helpers.logger.warn(`${what}: sync failed: ${result.reason}`);
});
