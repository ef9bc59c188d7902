import type { TaskList } from "graphile-worker";
import { inviteSendEmail } from "./tasks/invite__send_email";
import { sessionPurgeExpired } from "./tasks/session__purge_expired";

/** Every task the worker runs, by the identifier jobs are enqueued with. */
export const taskList: TaskList = {
  invite__send_email: inviteSendEmail,
  session__purge_expired: sessionPurgeExpired,
};
