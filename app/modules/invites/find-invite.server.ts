import type { INVITE_STATUSES } from "@db/entities/organization-invite";
import { executeWithoutTenant } from "~/utils/db.server";
import type { Role } from "~/lib/permissions";
import { inviteTokenHash } from "./invite-token.server";

export type InviteState = "valid" | "expired" | "revoked" | "accepted" | "unavailable";

/**
 * What the invitation page shows to whoever holds the link: one call to
 * `find_invite_by_token_hash`, since its organization, inviter and whether the
 * invited e-mail has an account are all out of the app role's sight here.
 */
export async function findInvite(token: string) {
  const [invite] = await executeWithoutTenant<{
    status: (typeof INVITE_STATUSES)[number];
    email: string;
    role: Role;
    expiresAt: Date | string;
    organizationName: string;
    organizationSlug: string;
    inviterName: string | null;
    hasAccount: boolean;
    organizationDeletedAt: Date | string | null;
  }>(
    `select status, email, role, expires_at as "expiresAt", organization_name as "organizationName",
            organization_slug as "organizationSlug", inviter_name as "inviterName", has_account as "hasAccount",
            organization_deleted_at as "organizationDeletedAt"
       from find_invite_by_token_hash(?)`,
    [inviteTokenHash(token)],
  );
  if (!invite) return null;
  // An invitation into a deleted organization leads nowhere while it is deleted, whatever its own status.
  const state: InviteState =
    invite.organizationDeletedAt !== null
      ? "unavailable"
      : invite.status === "revoked"
      ? "revoked"
      : invite.status === "accepted"
        ? "accepted"
        : new Date(invite.expiresAt).getTime() <= Date.now()
          ? "expired"
          : "valid";
  return {
    state,
    email: invite.email,
    role: invite.role,
    organizationName: invite.organizationName,
    organizationSlug: invite.organizationSlug,
    inviterName: invite.inviterName,
    hasAccount: invite.hasAccount,
  };
}
