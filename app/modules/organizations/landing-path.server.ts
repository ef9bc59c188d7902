import { listUserOrganizations } from "./list-user-organizations.server";

/** Where a user lands after signing in: their first organization's board, or creating one. */
export async function landingPathFor(userId: string) {
  const organizations = await listUserOrganizations(userId);
  return organizations.length ? `/o/${organizations[0].slug}/board` : "/organizations/new";
}
