import { whatsappFetchMediaJob } from "~/modules/jobs/definitions/whatsapp__fetch_media.server";
import { fetchWhatsAppMedia } from "~/modules/whatsapp/fetch-whatsapp-media.server";
import { defineTask } from "../define-task";

/** An inbound message's picture, audio, video or document into storage. */
export const whatsappFetchMedia = defineTask(whatsappFetchMediaJob, async (payload, helpers) => {
  await fetchWhatsAppMedia(payload, { lastAttempt: helpers.job.attempts >= helpers.job.max_attempts });
});
