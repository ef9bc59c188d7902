import { taskListOf } from "./define-task";
import { aiSummarizeLead } from "./tasks/ai__summarize_lead";
import { aiTranscribeCall } from "./tasks/ai__transcribe_call";
import { inviteSendEmail } from "./tasks/invite__send_email";
import { organizationPurgeDeleted } from "./tasks/organization__purge_deleted";
import { privacyErase } from "./tasks/privacy__erase";
import { privacyExport } from "./tasks/privacy__export";
import { privacyPurgeExports } from "./tasks/privacy__purge_exports";
import { realtimePurgeEvents } from "./tasks/realtime__purge_events";
import { retentionRunOrganization } from "./tasks/retention__run_organization";
import { retentionSchedule } from "./tasks/retention__schedule";
import { sessionPurgeExpired } from "./tasks/session__purge_expired";
import { twilioFetchRecording } from "./tasks/twilio__fetch_recording";
import { twilioPlaceCall } from "./tasks/twilio__place_call";
import { twilioProcessWebhook } from "./tasks/twilio__process_webhook";
import { whatsappFetchMedia } from "./tasks/whatsapp__fetch_media";
import { whatsappProcessWebhook } from "./tasks/whatsapp__process_webhook";
import { whatsappSendMessage } from "./tasks/whatsapp__send_message";
import { whatsappSyncTemplates } from "./tasks/whatsapp__sync_templates";

/** Every task the worker runs, by its job definition's name. */
export const taskList = taskListOf([aiSummarizeLead, aiTranscribeCall, inviteSendEmail,
  organizationPurgeDeleted,
  privacyErase,
  privacyExport,
  privacyPurgeExports,
  realtimePurgeEvents,
  retentionRunOrganization,
  retentionSchedule,
  sessionPurgeExpired,
  twilioFetchRecording,
  twilioPlaceCall,
  twilioProcessWebhook,
  whatsappFetchMedia, whatsappProcessWebhook, whatsappSendMessage, whatsappSyncTemplates]);
