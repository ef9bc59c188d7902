import { enforceRateLimits } from "~/modules/rate-limits/hit-rate-limits.server";
import { RATE_LIMITS } from "~/modules/rate-limits/policies";

/** Every invitation e-mail (new or resent) counts: an organization cannot be turned into a mail cannon. */
export function limitInvitesSent(organizationId: string) {
  return enforceRateLimits([
    { policy: RATE_LIMITS.invitesSentHourly, subject: organizationId },
    { policy: RATE_LIMITS.invitesSentDaily, subject: organizationId },
  ]);
}
