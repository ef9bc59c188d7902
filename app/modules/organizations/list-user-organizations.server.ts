import { Organization } from "@db/entities/organization";
import { OrganizationMember } from "@db/entities/organization-member";
import { withMembershipsOf } from "~/utils/db.server";

/** Every organization the user belongs to, for the header switcher and the post-login redirect. */
export async function listUserOrganizations(userId: string) {
  return withMembershipsOf(userId, async (db) => {
    const memberships = await db.find(OrganizationMember, { user: userId });
    const organizations = await db.find(
      Organization,
      { id: { $in: memberships.map((m) => m.organization) } },
      { orderBy: { name: "asc" } },
    );
    return organizations.map((org) => ({
      id: org.id,
      name: org.name,
      slug: org.slug,
      role: memberships.find((m) => m.organization === org.id)!.role,
    }));
  });
}
