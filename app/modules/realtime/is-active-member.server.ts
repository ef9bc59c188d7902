import { executeWithoutTenant } from "~/utils/db.server";

/** Read fresh (not the request's cached memberships): whether the person still belongs to the organization and it is not deleted. */
export async function isActiveMember(userId: string, organizationId: string) {
  const rows = await executeWithoutTenant<{ id: string }>(
    `select id from find_user_memberships(?) where id = ? and deleted_at is null`,
    [userId, organizationId],
  );
  return rows.length > 0;
}
