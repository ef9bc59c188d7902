import { beforeAll, describe, expect, it } from "vitest";
import { executeWithoutTenant, setOrganization, withOrganization, withoutTenant, withUser, type Db } from "~/utils/db.server";
import { resetEnv } from "~/utils/env.server";
import { useTestDatabase } from "../support/database";

/**
 * The ORM's own tenant path (`em.fork({ session: { variables } })` in
 * runTransaction) on ONE pooled connection: whatever one transaction set —
 * organization, user, or a mid-transaction re-scope — is gone in the next,
 * including after a transaction that threw.
 */
describe("session variables on a pooled connection", () => {
  const db = useTestDatabase();
  let auroraId = "";
  let borealId = "";
  let managerId = "";
  const leadCounts = { aurora: 0, boreal: 0 };

  beforeAll(async () => {
    // One connection in the pool: every transaction below reuses the same backend.
    process.env.DATABASE_POOL_MAX = "1";
    resetEnv();
    const orgs = await db.adminQuery<{ id: string; slug: string; leads: number }>(
      `select o.id, o.slug, (select count(*)::int from leads l where l.organization_id = o.id) as leads
         from organizations o where o.slug in ('aurora', 'boreal')`,
    );
    const aurora = orgs.find((o) => o.slug === "aurora")!;
    const boreal = orgs.find((o) => o.slug === "boreal")!;
    [auroraId, borealId] = [aurora.id, boreal.id];
    [leadCounts.aurora, leadCounts.boreal] = [aurora.leads, boreal.leads];
    expect(leadCounts.aurora).toBeGreaterThan(0);
    expect(leadCounts.boreal).toBeGreaterThan(0);
    const [manager] = await db.adminQuery<{ id: string }>(`select id from users where email = 'manager@aurora.test'`);
    managerId = manager.id;
  });

  /** What the transaction sees: its backend, its settings, and how much of each table. */
  async function observe(tx: Db) {
    const [row] = await tx.execute<{ pid: number; org: string | null; user: string | null; leads: number; aurora: number; boreal: number; users: number; organizations: number }[]>(
      `select pg_backend_pid() as pid,
              coalesce(current_setting('app.organization_id', true), '') as org,
              coalesce(current_setting('app.user_id', true), '') as "user",
              (select count(*)::int from leads) as leads,
              (select count(*)::int from leads where organization_id = ?) as aurora,
              (select count(*)::int from leads where organization_id = ?) as boreal,
              (select count(*)::int from users) as users,
              (select count(*)::int from organizations) as organizations`,
      [auroraId, borealId],
    );
    return row;
  }

  const nothing = { leads: 0, aurora: 0, boreal: 0, users: 0, organizations: 0 };

  it("never carries an organization or a user into the next transaction", async () => {
    const a = await withOrganization(auroraId, observe);
    expect(a).toMatchObject({ org: auroraId, leads: leadCounts.aurora, aurora: leadCounts.aurora, boreal: 0, organizations: 1 });

    const b = await withOrganization(borealId, observe);
    expect(b).toMatchObject({ org: borealId, leads: leadCounts.boreal, aurora: 0, boreal: leadCounts.boreal, organizations: 1 });

    const none = await withoutTenant(observe);
    expect(none).toMatchObject({ org: "", user: "", ...nothing });

    const asUser = await withUser(managerId, observe);
    expect(asUser).toMatchObject({ org: "", user: managerId, leads: 0, users: 1 });

    const afterUser = await withoutTenant(observe);
    expect(afterUser).toMatchObject({ org: "", user: "", ...nothing });

    expect(new Set([a.pid, b.pid, none.pid, asUser.pid, afterUser.pid]).size).toBe(1);
  });

  it("leaves nothing behind after a transaction that threw, or one re-scoped mid-way", async () => {
    const before = await withoutTenant(observe);
    let inside: Awaited<ReturnType<typeof observe>> | undefined;
    await expect(
      withOrganization(auroraId, async (tx) => {
        inside = await observe(tx);
        throw new Error("work failed");
      }),
    ).rejects.toThrow("work failed");
    expect(inside).toMatchObject({ aurora: leadCounts.aurora });

    const afterThrow = await withoutTenant(observe);
    expect(afterThrow).toMatchObject({ org: "", user: "", ...nothing });

    const rescoped = await withoutTenant(async (tx) => {
      await setOrganization(tx, borealId);
      return observe(tx);
    });
    expect(rescoped).toMatchObject({ org: borealId, boreal: leadCounts.boreal, aurora: 0 });

    const afterRescope = await withOrganization(auroraId, observe);
    expect(afterRescope).toMatchObject({ org: auroraId, aurora: leadCounts.aurora, boreal: 0 });

    // A bare statement outside any transaction sees no tenant either.
    const [bare] = await executeWithoutTenant<{ leads: number; pid: number }>(
      `select count(*)::int as leads, pg_backend_pid() as pid from leads`,
    );
    expect(bare.leads).toBe(0);

    expect(new Set([before.pid, inside!.pid, afterThrow.pid, rescoped.pid, afterRescope.pid, bare.pid]).size).toBe(1);
  });
});
