import { whatsappSendMessageJob } from "~/modules/jobs/definitions/whatsapp__send_message.server";
import { deliverWhatsAppMessage } from "~/modules/whatsapp/deliver-whatsapp-message.server";
import { defineTask } from "../define-task";

/** Sends one queued WhatsApp message; what it did is logged by ids only (never the text). */
export const whatsappSendMessage = defineTask(whatsappSendMessageJob, async (payload, helpers) => {
  const result = await deliverWhatsAppMessage(payload, { lastAttempt: helpers.job.attempts >= helpers.job.max_attempts });
  const what = `whatsapp message ${payload.communicationId}`;
  if (result === "sent") helpers.logger.info(`${what}: sent`);
  else if (result === "done") helpers.logger.info(`${what}: already sent or settled; nothing to do`);
  else helpers.logger.warn(`${what}: ${result === "unknown" ? "outcome of an earlier attempt unknown; marked failed, not resent" : "failed permanently"}`);
});
