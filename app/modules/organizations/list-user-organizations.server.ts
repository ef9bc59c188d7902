import { findUserMemberships } from "~/utils/membership.server";

/** Every organization the user belongs to, by name, for the header switcher and the post-login redirect; deleted ones are gone from both. */
export async function listUserOrganizations(userId: string) {
  const memberships = await findUserMemberships(userId);
  return memberships.filter((membership) => !membership.deletedAt).map(({ id, name, slug, role }) => ({ id, name, slug, role }));
}
