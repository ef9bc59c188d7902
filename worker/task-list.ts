import { taskListOf } from "./define-task";
import { inviteSendEmail } from "./tasks/invite__send_email";
import { realtimePurgeEvents } from "./tasks/realtime__purge_events";
import { sessionPurgeExpired } from "./tasks/session__purge_expired";
import { whatsappFetchMedia } from "./tasks/whatsapp__fetch_media";
import { whatsappProcessWebhook } from "./tasks/whatsapp__process_webhook";
import { whatsappSendMessage } from "./tasks/whatsapp__send_message";
import { whatsappSyncTemplates } from "./tasks/whatsapp__sync_templates";

/** Every task the worker runs, by its job definition's name. */
export const taskList = taskListOf([inviteSendEmail, realtimePurgeEvents, sessionPurgeExpired, whatsappFetchMedia, whatsappProcessWebhook, whatsappSendMessage, whatsappSyncTemplates]);
