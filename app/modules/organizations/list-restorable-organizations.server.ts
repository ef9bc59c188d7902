import { now } from "~/utils/clock.server";
import { findUserMemberships } from "~/utils/membership.server";

/** The deleted organizations this person owns whose grace period is still running: the switcher names them, their account page restores them. */
export async function listRestorableOrganizations(userId: string) {
  const memberships = await findUserMemberships(userId);
  const at = now().getTime();
  return memberships.flatMap(({ id, name, slug, timeZone, role, deletedAt, purgeAfter }) =>
    role === "owner" && deletedAt && purgeAfter && new Date(purgeAfter).getTime() > at
      ? [{ id, name, slug, timeZone, purgeAfter: new Date(purgeAfter).toISOString() }]
      : [],
  );
}
