import type { OrganizationInvite } from "@db/entities/organization-invite";
import type { Db } from "~/utils/db.server";
import { enqueueJob } from "~/modules/jobs/enqueue-job.server";

/** One pending e-mail per invitation: a quick second "resend" replaces the first job. */
export function enqueueInviteEmail(db: Db, invite: OrganizationInvite) {
  return enqueueJob(
    db,
    "invite__send_email",
    { organizationId: invite.organization, inviteId: invite.id },
    { jobKey: `invite__send_email:${invite.id}`, maxAttempts: 10 },
  );
}
