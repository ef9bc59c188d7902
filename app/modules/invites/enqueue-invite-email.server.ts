import type { OrganizationInvite } from "@db/entities/organization-invite";
import type { Db } from "~/utils/db.server";
import { enqueueJob } from "~/modules/jobs/enqueue-job.server";
import { inviteSendEmailJob } from "~/modules/jobs/definitions/invite__send_email.server";

/** Queues the invitation's e-mail with the write that created or renewed it. */
export function enqueueInviteEmail(db: Db, invite: OrganizationInvite) {
  return enqueueJob(db, inviteSendEmailJob, { organizationId: invite.organization, inviteId: invite.id });
}
