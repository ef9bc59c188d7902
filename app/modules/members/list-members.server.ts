import { OrganizationInvite } from "@db/entities/organization-invite";
import { OrganizationMember } from "@db/entities/organization-member";
import { User } from "@db/entities/user";
import { withOrganization } from "~/utils/db.server";
import type { Role } from "~/lib/permissions";

export async function listMembers(organizationId: string) {
  return withOrganization(organizationId, async (db) => {
    const memberships = await db.find(OrganizationMember, {}, { orderBy: { joinedAt: "asc" } });
    const users = await db.find(User, { id: { $in: memberships.map((m) => m.user) } });
    const byId = new Map(users.map((user) => [user.id, user]));
    const invites = await db.find(OrganizationInvite, { status: "pending" }, { orderBy: { createdAt: "desc" } });
    return {
      members: memberships.map((membership) => {
        const user = byId.get(membership.user);
        return {
          id: membership.id,
          userId: membership.user,
          fullName: user?.fullName ?? "",
          email: user?.email ?? "",
          role: membership.role as Role,
          joinedAt: membership.joinedAt.toISOString(),
        };
      }),
      invites: invites.map((invite) => ({
        id: invite.id,
        email: invite.email,
        role: invite.role as Role,
        expiresAt: invite.expiresAt.toISOString(),
        expired: invite.expiresAt.getTime() <= Date.now(),
        lastSentAt: invite.lastSentAt?.toISOString() ?? null,
      })),
    };
  });
}
