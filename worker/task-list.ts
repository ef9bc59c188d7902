import type { TaskList } from "graphile-worker";
import { inviteSendEmail } from "./tasks/invite__send_email";
import { realtimePurgeEvents } from "./tasks/realtime__purge_events";
import { sessionPurgeExpired } from "./tasks/session__purge_expired";

/** Every task the worker runs, by the identifier jobs are enqueued with. */
export const taskList: TaskList = {
  invite__send_email: inviteSendEmail,
  realtime__purge_events: realtimePurgeEvents,
  session__purge_expired: sessionPurgeExpired,
};
