import { Organization } from "@db/entities/organization";
import { OrganizationInvite } from "@db/entities/organization-invite";
import { User } from "@db/entities/user";
import { withInviteToken } from "~/utils/db.server";
import { inviteTokenHash } from "./invite-token.server";

export type InviteState = "valid" | "expired" | "revoked" | "accepted";

/** What the invitation page shows to whoever holds the link. */
export async function findInvite(token: string) {
  return withInviteToken(inviteTokenHash(token), async (db) => {
    const invite = await db.findOne(OrganizationInvite, { tokenHash: inviteTokenHash(token) });
    if (!invite) return null;
    const [organization, inviter, existingAccount] = await Promise.all([
      db.findOneOrFail(Organization, { id: invite.organization }),
      invite.invitedBy ? db.findOne(User, { id: invite.invitedBy }) : null,
      db.count(User, { email: invite.email }),
    ]);
    const state: InviteState =
      invite.status === "revoked"
        ? "revoked"
        : invite.status === "accepted"
          ? "accepted"
          : invite.expiresAt.getTime() <= Date.now()
            ? "expired"
            : "valid";
    return {
      state,
      email: invite.email,
      role: invite.role,
      organizationName: organization.name,
      organizationSlug: organization.slug,
      inviterName: inviter?.fullName ?? null,
      hasAccount: existingAccount > 0,
    };
  });
}
