import { randomUUID } from "node:crypto";
import { createOwnedOrganization } from "~/modules/organizations/create-owned-organization.server";
import type { TestDatabase } from "../support/database";

export async function userIdOf(db: TestDatabase, email: string) {
  const [row] = await db.adminQuery<{ id: string }>("select id from users where email = $1", [email]);
  return row.id;
}

/**
 * A new organization owned by aurora's owner, with aurora's manager, rep and
 * viewer in it too (the demo cast signs in to both): its id is its own, so its
 * objects in the shared bucket are nobody else's.
 */
export async function aTeamOrganization(db: TestDatabase, name: string) {
  const ownerId = await userIdOf(db, "owner@aurora.test");
  const organization = await createOwnedOrganization({ name, ownerId, locale: "pt-BR" });
  for (const [email, role] of [["manager@aurora.test", "manager"], ["rep@aurora.test", "member"], ["viewer@aurora.test", "viewer"]] as const) {
    await db.adminQuery(
      "insert into organization_members (id, organization_id, user_id, role, joined_at, updated_at) values ($1, $2, $3, $4, now(), now())",
      [randomUUID(), organization.id, await userIdOf(db, email), role],
    );
  }
  return organization;
}

/** Rows per table that has an `organization_id`, for one organization: every tenant table. */
export async function rowsPerTable(db: TestDatabase, organizationId: string) {
  const tables = await db.adminQuery<{ table_name: string }>(
    `select table_name from information_schema.columns
      where table_schema = 'public' and column_name = 'organization_id'
        and table_name in (select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE')
      order by table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    const [{ count }] = await db.adminQuery<{ count: number }>(`select count(*)::int as count from "${table}" where organization_id = $1`, [organizationId]);
    counts[table] = count;
  }
  return counts;
}
